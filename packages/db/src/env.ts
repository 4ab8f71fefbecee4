import { databaseUrlSetting, parseEnv } from '@sasaeai/contracts';
import { z } from 'zod';

/** Connection settings of the db scripts (migrate, seed); the services read their own. */
export const DatabaseEnv = z.object({
  DATABASE_URL: databaseUrlSetting,
});

export function readDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  return parseEnv(DatabaseEnv, env, 'database').DATABASE_URL;
}
