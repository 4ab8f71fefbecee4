import { parseEnv, setting, urlSetting } from '@sasaeai/contracts';
import { z } from 'zod';

/** Connection settings of the db scripts (migrate, seed); the services read their own. */
export const DatabaseEnv = z.object({
  DATABASE_URL: setting(
    urlSetting(/^postgres(ql)?$/, 'postgres://').default(
      'postgres://postgres@127.0.0.1:5432/sasaeai',
    ),
  ),
});

export function readDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  return parseEnv(DatabaseEnv, env, 'database').DATABASE_URL;
}
