import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type { HelpCategory } from '@sasaeai/contracts';
import { fiscalYearBounds, fiscalYearOf } from '@sasaeai/core';

/**
 * Centres open on a day (`YYYY-MM-DD`, Japan): opened on or before it and not closed by then.
 * A closed centre still counts for the days it was open, so past fiscal year-ends stay right.
 */
export async function countCentresOpenOn(db: Database, day: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from volunteer_centres
    where opened_on is not null and opened_on <= ${day}::date
      and (status = 'open' or (status = 'closed' and closed_on is not null and closed_on > ${day}::date))
  `);
  return row?.n ?? 0;
}

/**
 * Registered volunteers at an instant, by kind. Definition: a volunteer_profiles row whose
 * verification is `active` now and whose created_at is on or before the instant. Verification
 * history is not kept per day, so a volunteer suspended since is not counted for past years; a
 * group counts once (not by headcount), as the plan counts 団体 (groups) and 人 (individuals).
 */
export async function countVolunteersAt(
  db: Database,
  instant: Date,
): Promise<{ individuals: number; groups: number }> {
  const [row] = await db.execute<{ individuals: number; groups: number }>(sql`
    select count(*) filter (where kind = 'individual')::int as individuals,
           count(*) filter (where kind = 'group')::int as groups
    from volunteer_profiles
    where verification = 'active' and created_at <= ${instant.toISOString()}::timestamptz
  `);
  return { individuals: row?.individuals ?? 0, groups: row?.groups ?? 0 };
}

export interface ActivityFilter {
  start: Date;
  end: Date;
  /** null = the whole city; otherwise only these district ids (empty = nothing). */
  districtIds: string[] | null;
  category: HelpCategory | null;
}

export type ActivityDbRow = {
  district: string;
  district_name: string;
  district_name_en: string;
  month: string;
  requests: number;
  matched: number;
  median_hours: number | null;
  p90_hours: number | null;
  completed: number;
  cancelled: number;
  unmatched: number;
  active_volunteers: number;
  minutes_given: number;
  thanks: number;
  concerns: number;
  reciprocal_residents: number;
};

/**
 * 安心見守り事業 相談件数 (V3-1-b) for the fiscal year an instant falls in, up to that instant:
 * each 見守り case raised in it, and each consultation a coordinator recorded in it (on a case
 * or on its own).
 */
export async function countConsultationsAt(
  db: Database,
  instant: Date,
): Promise<{ cases: number; consultations: number }> {
  const { start } = fiscalYearBounds(fiscalYearOf(instant));
  const [row] = await db.execute<{ cases: number; consultations: number }>(sql`
    select
      (select count(*)::int from concerns
        where created_at >= ${start.toISOString()}::timestamptz
          and created_at <= ${instant.toISOString()}::timestamptz) as cases,
      (select count(*)::int from concern_notes
        where kind = 'consultation'
          and created_at >= ${start.toISOString()}::timestamptz
          and created_at <= ${instant.toISOString()}::timestamptz)
      + (select count(*)::int from consultations
        where created_at >= ${start.toISOString()}::timestamptz
          and created_at <= ${instant.toISOString()}::timestamptz) as consultations
  `);
  return { cases: row?.cases ?? 0, consultations: row?.consultations ?? 0 };
}
