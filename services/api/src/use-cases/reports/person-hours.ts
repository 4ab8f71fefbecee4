import { sql, type SQL } from 'drizzle-orm';

/**
 * Person-hours for the centre's report: a completed match's hours × the volunteer's headcount
 * (an individual counts 1; a group of five for two hours gives ten).
 *
 * Kept here for the report only; the per-volunteer history defines the same rule in
 * packages/core, and this file is meant to give way to it once both are merged.
 */
export function personMinutesSql(minutesSpent: SQL, headcount: SQL): SQL {
  return sql`coalesce(${minutesSpent}, 0) * coalesce(${headcount}, 1)`;
}

/** The same rule in TypeScript: minutes and headcount to person-hours, to two places. */
export function personHours(minutes: number, headcount = 1): number {
  return Math.round(((minutes * Math.max(1, headcount)) / 60) * 100) / 100;
}
