import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/client.ts';
import { runMigrations } from '../src/migrate.ts';
import { ensureDatabase } from '../src/ensure-database.ts';
import { DEMO_DISTRICTS } from '../src/seed/districts-data.ts';
import { testServerUrl } from '../src/testing.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const name = `sasaeai_t_namemigr_${process.pid}`;
const url = `${testServerUrl()}/${name}`;
const before = mkdtempSync(join(tmpdir(), 'drizzle-before-name-en-'));

afterAll(async () => {
  rmSync(before, { recursive: true, force: true });
  const admin = postgres(`${testServerUrl()}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('migration 0029 (district English names)', () => {
  it('names the seeded districts as the seed does and imported ones from their code', async () => {
    // The database as it was before 0029: a seeded district and one council staff imported.
    cpSync(join(packageDir, 'drizzle'), before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((entry) => entry.idx < 29);
    writeFileSync(journalPath, JSON.stringify(journal));
    await ensureDatabase(url);
    const old = createDb({ url, max: 1 });
    await migrate(old.db, { migrationsFolder: before });
    await old.close();

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    await sql`insert into districts (code, name, kana, lat, lon) values
      ('asahimachi', '旭町・大町', 'あさひまち', 43.78, 142.35),
      ('shin-asahikawa', '新旭川', 'しんあさひかわ', 43.78, 142.37),
      ('nishi-goryo', '西御料', 'にしごりょう', 43.72, 142.37)`;

    await runMigrations(url);
    const rows = await sql<{ code: string; name_en: string }[]>`
      select code, name_en from districts order by code`;
    const seeded = (code: string) => DEMO_DISTRICTS.find((d) => d.code === code)?.nameEn;
    expect(rows).toEqual([
      { code: 'asahimachi', name_en: seeded('asahimachi') },
      { code: 'nishi-goryo', name_en: 'Nishi-Goryo' },
      { code: 'shin-asahikawa', name_en: 'Shin-Asahikawa' },
    ]);
    // The column is now required and bounded.
    await expect(
      sql`insert into districts (code, name, kana, lat, lon) values ('x', 'x', 'x', 0, 0)`,
    ).rejects.toThrow(/name_en/);
    await expect(
      sql`insert into districts (code, name, name_en, kana, lat, lon)
        values ('y', 'y', ${'A'.repeat(81)}, 'y', 0, 0)`,
    ).rejects.toThrow(/district_name_en_length/);
    await sql.end();
  });

  it('fills the same English names the seed holds, for every seeded district', () => {
    const migration = readFileSync(
      join(packageDir, 'drizzle', '0029_district_name_en.sql'),
      'utf8',
    );
    const filled = [...migration.matchAll(/\('([a-z0-9-]+)', '([^']+)'\)/g)].map(
      ([, code, nameEn]) => [code, nameEn],
    );
    expect(filled).toEqual(DEMO_DISTRICTS.map((d) => [d.code, d.nameEn]));
  });
});
