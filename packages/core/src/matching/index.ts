export * from './types.ts';
export * from './time.ts';
export * from './haversine.ts';
export * from './eligibility.ts';
export * from './scoring.ts';
export * from './assign.ts';
export * from './assign-optimal.ts';
export * from './buddies.ts';
