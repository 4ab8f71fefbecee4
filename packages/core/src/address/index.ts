export * from './district-for-address.ts';
