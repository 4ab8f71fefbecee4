import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createDb } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Applies every committed migration that the database has not seen yet. */
export async function runMigrations(url: string): Promise<void> {
  const { db, close } = createDb({ url, max: 1, applicationName: 'sasaeai-migrate' });
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    await close();
  }
}
