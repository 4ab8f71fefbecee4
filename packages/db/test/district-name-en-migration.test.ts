import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../src/migrate.ts';
import { migrationsDir, useDatabaseBeforeMigration } from './migration-history.ts';
import { DEMO_DISTRICTS } from '../src/seed/districts-data.ts';

const { url, migrateToBefore } = useDatabaseBeforeMigration('namemigr', 29);

describe('migration 0029 (district English names)', () => {
  it('names the seeded districts as the seed does and imported ones from their code', async () => {
    // The database as it was before 0029: a seeded district and one council staff imported.
    await migrateToBefore();

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
    const migration = readFileSync(join(migrationsDir, '0029_district_name_en.sql'), 'utf8');
    const filled = [...migration.matchAll(/\('([a-z0-9-]+)', '([^']+)'\)/g)].map(
      ([, code, nameEn]) => [code, nameEn],
    );
    expect(filled).toEqual(DEMO_DISTRICTS.map((d) => [d.code, d.nameEn]));
  });
});
