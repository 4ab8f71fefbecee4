export * from './queries.ts';
export * from './candidates.ts';
