import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../src/migrate.ts';
import { useDatabaseBeforeMigration } from './migration-history.ts';

const { url, migrateToBefore } = useDatabaseBeforeMigration('insmigr', 26);

describe('migration 0026 (insurance enrolments)', () => {
  it('turns each self-declared date into a migrated enrolment with the same expiry', async () => {
    // The database as it was before 0026, with volunteers who typed their own dates.
    await migrateToBefore();

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const dates = { march: '2026-03-31', midYear: '2026-12-15', none: null } as const;
    const ids: Record<string, string> = {};
    for (const [key, date] of Object.entries(dates)) {
      const [user] = await sql<{ id: string }[]>`
        insert into users (display_name) values (${key}) returning id::text as id`;
      ids[key] = user!.id;
      await sql`insert into volunteer_profiles (user_id, insurance_expires_on)
        values (${user!.id}, ${date})`;
    }

    await runMigrations(url);
    const rows = await sql<
      { volunteer_id: string; fiscal_year: number; covers_until: string; source: string }[]
    >`select volunteer_id::text, fiscal_year, covers_until::text, source, plan_id, enrolled_on
      from insurance_enrolments order by covers_until`;
    expect(rows).toMatchObject([
      {
        volunteer_id: ids.march,
        fiscal_year: 2025,
        covers_until: '2026-03-31',
        source: 'migrated',
      },
      {
        volunteer_id: ids.midYear,
        fiscal_year: 2026,
        covers_until: '2026-12-15',
        source: 'migrated',
      },
    ]);
    const [profile] = await sql<{ until: string }[]>`
      select insurance_expires_on::text as until from volunteer_profiles where user_id = ${ids.midYear!}`;
    expect(profile!.until).toBe('2026-12-15');
    await sql.end();
  });
});
