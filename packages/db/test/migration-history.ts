import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll } from 'vitest';
import { createDb } from '../src/client.ts';
import { ensureDatabase } from '../src/ensure-database.ts';
import { testServerUrl } from '../src/testing.ts';

export const migrationsDir = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * A database of this test file's own, for testing a migration on data written before it:
 * `migrateToBefore()` applies only the migrations numbered below `firstNew` (from a copy of
 * the folder with a shortened journal), so the test can insert rows in the old shape and then
 * run `runMigrations(url)`. The database and the copy are dropped after the file.
 */
export function useDatabaseBeforeMigration(label: string, firstNew: number) {
  const name = `sasaeai_t_${label}_${process.pid}`;
  const url = `${testServerUrl()}/${name}`;
  const before = mkdtempSync(join(tmpdir(), `drizzle-before-${label}-`));

  afterAll(async () => {
    rmSync(before, { recursive: true, force: true });
    const admin = postgres(`${testServerUrl()}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  async function migrateToBefore(): Promise<void> {
    cpSync(migrationsDir, before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((entry) => entry.idx < firstNew);
    writeFileSync(journalPath, JSON.stringify(journal));
    await ensureDatabase(url);
    const old = createDb({ url, max: 1 });
    await migrate(old.db, { migrationsFolder: before });
    await old.close();
  }

  return { url, migrateToBefore };
}
