export * from './enums.ts';
export * from './districts.ts';
export * from './users.ts';
export * from './people.ts';
export * from './requests.ts';
export * from './help-loop.ts';
export * from './indicators.ts';
export * from './council-facts.ts';
