import { sql, type SQL } from 'drizzle-orm';
import { MAX_MATCH_MINUTES } from '@sasaeai/core';

/**
 * The core person-hours rule (`packages/core/src/person-hours.ts`) in SQL, for figures summed
 * in the database: a completed match counts its recorded minutes, else its planned window,
 * capped at a day; a group's minutes count once per member. The columns come from the caller's
 * query (a match, its request's window, the volunteer's profile). A test holds this and the core
 * rule to the same answers.
 */
export function personMinutesSql(columns: {
  minutesSpent: SQL;
  windowStart: SQL;
  windowEnd: SQL;
  kind: SQL;
  headcount: SQL;
}): SQL {
  const planned = sql`round(extract(epoch from (${columns.windowEnd} - ${columns.windowStart})) / 60)`;
  const minutes = sql`least(greatest(coalesce(${columns.minutesSpent}, ${planned}), 0), ${sql.raw(String(MAX_MATCH_MINUTES))})`;
  const people = sql`(case when ${columns.kind} = 'group' then greatest(1, coalesce(${columns.headcount}, 1)) else 1 end)`;
  return sql`(${minutes} * ${people})`;
}
