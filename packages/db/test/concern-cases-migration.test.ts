import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { createDb } from '../src/client.ts';
import { ensureDatabase } from '../src/ensure-database.ts';
import { migrationsFolder, runMigrations } from '../src/migrate.ts';
import { testServerUrl } from '../src/testing.ts';

const name = `sasaeai_t_concern_migration_${process.pid}`;
const url = `${testServerUrl()}/${name}`;

afterAll(async () => {
  const admin = postgres(`${testServerUrl()}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

/** Applies the committed migrations before `tag` only, from a trimmed copy of the folder. */
async function migrateUpTo(tag: string): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'drizzle-before-'));
  try {
    cpSync(migrationsFolder, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
      entries: { tag: string }[];
    };
    const at = journal.entries.findIndex((entry) => entry.tag === tag);
    expect(at).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, at);
    writeFileSync(journalPath, JSON.stringify(journal));
    const { db, close } = createDb({ url, max: 1 });
    try {
      await migrate(db, { migrationsFolder: folder });
    } finally {
      await close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('migration 0024 (見守り cases)', () => {
  it('turns followed-up concerns into closed cases and keeps open ones open', async () => {
    await ensureDatabase(url);
    await migrateUpTo('0024_concern_cases');
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      // Bare concern rows: their references are beside the point here, so this copy drops them.
      const keys = await sql<{ conname: string }[]>`
        select conname from pg_constraint
        where conrelid = 'concerns'::regclass and contype = 'f'`;
      for (const { conname } of keys) {
        await sql.unsafe(`alter table concerns drop constraint "${conname}"`);
      }
      for (const status of ['open', 'followed_up']) {
        const [a, b, c, d, e] = Array.from({ length: 5 }, () => crypto.randomUUID());
        await sql`insert into concerns (id, match_id, request_id, district_id, raised_by, status)
          values (${a!}, ${b!}, ${c!}, ${d!}, ${e!}, ${status})`;
      }
      await runMigrations(url);
      const rows = await sql<{ status: string; follow_up_on: string | null }[]>`
        select status::text, follow_up_on from concerns order by status`;
      expect(rows).toEqual([
        { status: 'closed', follow_up_on: null },
        { status: 'open', follow_up_on: null },
      ]);
    } finally {
      await sql.end();
    }
  });
});
