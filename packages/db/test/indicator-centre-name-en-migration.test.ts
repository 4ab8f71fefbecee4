import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../src/migrate.ts';
import { migrationsDir, useDatabaseBeforeMigration } from './migration-history.ts';
import { PLAN_INDICATORS } from '../src/seed/indicators-data.ts';

const { url, migrateToBefore } = useDatabaseBeforeMigration('indnamemigr', 30);
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('migrations 0030 and 0031 (indicator and centre English names, notes)', () => {
  it('names existing indicators from the seed and centres after their district', async () => {
    // The database as it was before 0030: two indicators, a district and two of its centres.
    await migrateToBefore();

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    await sql`insert into plan_indicators
      (code, vision, kind, owner, name, target_kind, target_fy, measured_by) values
      ('V2-1-a', 2, 'indicator', '市', '町内会加入率', 'increase', 2029, 'manual'),
      ('V2-3-b', 2, 'indicator', '市社協', '累計相談受付件数', 'increase', 2029, 'manual'),
      ('X-LOCAL', 2, 'indicator', '市', '独自の指標', 'increase', 2029, 'manual')`;
    const [district] = await sql<{ id: string }[]>`
      insert into districts (code, name, name_en, kana, lat, lon)
      values ('chuo', '中央', 'Chuo', 'ちゅうおう', 43.77, 142.36) returning id`;
    await sql`insert into volunteer_centres (district_id, name) values
      (${district!.id}, '中央地区ボランティアセンター'),
      (${district!.id}, '中央会館')`;

    await runMigrations(url);
    const indicators = await sql<{ code: string; name_en: string }[]>`
      select code, name_en from plan_indicators order by code`;
    expect(indicators).toEqual([
      { code: 'V2-1-a', name_en: 'Neighbourhood association membership rate' },
      {
        code: 'V2-3-b',
        name_en: PLAN_INDICATORS.find((i) => i.code === 'V2-3-b')?.nameEn,
      },
      // Unknown to the seed: keeps its Japanese name until the seed (or staff) gives one.
      { code: 'X-LOCAL', name_en: '独自の指標' },
    ]);
    const centres = await sql<{ name: string; name_en: string }[]>`
      select name, name_en from volunteer_centres order by name_en`;
    expect(centres).toEqual([
      { name: '中央地区ボランティアセンター', name_en: 'Chuo District Volunteer Centre' },
      { name: '中央会館', name_en: 'Chuo Volunteer Centre' },
    ]);
    // Both columns are now required and bounded.
    await expect(
      sql`insert into volunteer_centres (district_id, name) values (${district!.id}, 'x')`,
    ).rejects.toThrow(/name_en/);
    await expect(
      sql`insert into volunteer_centres (district_id, name, name_en)
        values (${district!.id}, 'y', ${'A'.repeat(81)})`,
    ).rejects.toThrow(/volunteer_centre_name_en_length/);
    await expect(
      sql`insert into plan_indicators
        (code, vision, kind, owner, name, name_en, target_kind, target_fy, measured_by)
        values ('Z', 1, 'indicator', '市', 'z', '', 'increase', 2029, 'manual')`,
    ).rejects.toThrow(/plan_indicator_name_en_length/);
    await sql.end();
  });

  it('fills the same English names the seed holds, for every indicator of the plan', () => {
    const migration = readFileSync(
      join(migrationsDir, '0030_indicator_centre_name_en.sql'),
      'utf8',
    );
    const filled = [...migration.matchAll(/\('(V[0-9A-Za-z-]+)', '((?:[^']|'')+)'\)/g)].map(
      ([, code, nameEn]) => [code, nameEn?.replaceAll("''", "'")],
    );
    expect(filled).toEqual(PLAN_INDICATORS.map((i) => [i.code, i.nameEn]));
    expect(filled).toHaveLength(35);
  });

  it('translates every indicator and note: English words only, no Japanese left in', () => {
    for (const indicator of PLAN_INDICATORS) {
      expect(indicator.baselineNoteEn === undefined, indicator.code).toBe(
        indicator.baselineNote === undefined,
      );
      expect(indicator.targetNoteEn === undefined, indicator.code).toBe(
        indicator.targetNote === undefined,
      );
      for (const note of [indicator.baselineNoteEn, indicator.targetNoteEn]) {
        if (note !== undefined) expect(note, indicator.code).not.toMatch(JAPANESE);
      }
      expect(indicator.nameEn, indicator.code).not.toMatch(JAPANESE);
      expect(indicator.nameEn.length, indicator.code).toBeLessThanOrEqual(400);
      expect(indicator.nameEn, indicator.code).toMatch(/^[A-Z]/);
    }
  });

  it("0031 gives the plan's notes in both languages, as the seed holds them", async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const [row] = await sql<
      {
        baseline_note: string;
        baseline_note_en: string;
        target_note: string;
        target_note_en: string;
      }[]
    >`select baseline_note, baseline_note_en, target_note, target_note_en
      from plan_indicators where code = 'V2-3-b'`;
    await sql.end();
    const seed = PLAN_INDICATORS.find((i) => i.code === 'V2-3-b');
    expect(row).toEqual({
      baseline_note: seed?.baselineNote,
      baseline_note_en: seed?.baselineNoteEn,
      target_note: seed?.targetNote,
      target_note_en: seed?.targetNoteEn,
    });
  });
});
