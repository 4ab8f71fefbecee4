export * from './lifecycle.ts';
export * from './fiscal-year.ts';
export * from './matching/index.ts';
export * from './address/index.ts';
export * from './kpi/index.ts';
export * from './offer-link-state.ts';
export * from './notifications.ts';
export * from './snow/index.ts';
