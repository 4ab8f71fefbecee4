export * from './enums.ts';
export * from './errors.ts';
export * from './auth.ts';
export * from './districts.ts';
export * from './jobs.ts';
export * from './health.ts';
export * from './events.ts';
export * from './help-loop.ts';
