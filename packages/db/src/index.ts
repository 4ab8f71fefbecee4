export * from './client.ts';
export * as schema from './schema/index.ts';
export { runMigrations, migrationsFolder } from './migrate.ts';
export { ensureDatabase } from './ensure-database.ts';
export { readDatabaseUrl } from './env.ts';
export { describeConnectionError, connectionErrorCode } from './connection-error.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { isConstraintViolation } from './constraint-error.ts';
