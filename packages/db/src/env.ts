import { z } from 'zod';

/** Connection settings shared by every process; validated once, read nowhere else. */
export const DatabaseEnv = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/sasaeai'),
});

export function readDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = DatabaseEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`DATABASE_URL is not a valid URL: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  return parsed.data.DATABASE_URL;
}
