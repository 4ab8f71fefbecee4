export * from './season.ts';
