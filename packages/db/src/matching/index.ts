export * from './queries.ts';
export * from './candidates.ts';
export * from './locks.ts';
