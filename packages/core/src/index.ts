export * from './lifecycle.ts';
export * from './fiscal-year.ts';
