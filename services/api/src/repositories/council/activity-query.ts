import { sql, type SQL } from 'drizzle-orm';
import { instantInJapan, japanWallClock } from '@sasaeai/core';
import { helpCategories } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import type { ActivityDbRow, ActivityFilter } from './council-queries.ts';

/**
 * Session settings for the activity query, local to its transaction. At city scale (100,000
 * requests a year) the query sorts and hashes a few hundred thousand rows:
 * - with the default 4 MB `work_mem` those spilled to temporary files;
 * - PostgreSQL's JIT, triggered by the (over-)estimated cost of the aggregates, spent 0.6–1 s
 *   compiling a query that runs in a fraction of that interpreted;
 * - the default `random_page_cost` (4, for spinning disks) made the planner hash every match of
 *   the city for one district's 4,000 requests instead of looking them up in the covering index
 *   (the tables are in memory; 1.1 is the usual figure for SSDs and cached data).
 */
const ACTIVITY_SETTINGS = sql`select set_config('work_mem', '32MB', true),
  set_config('jit', 'off', true), set_config('random_page_cost', '1.1', true)`;

/**
 * The first instant of every Japan-time month that [start, end) touches, in order: the month of
 * a request is then a binary search (`width_bucket`) instead of a time-zone conversion per row.
 */
export function monthStarts(start: Date, end: Date): Date[] {
  const jst = japanWallClock(start);
  let year = jst.getUTCFullYear();
  let month = jst.getUTCMonth();
  const starts: Date[] = [];
  for (;;) {
    const instant = instantInJapan(year, month + 1);
    if (instant.getTime() >= end.getTime()) break;
    starts.push(instant);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return starts;
}

/** The filter as conditions on a table aliased `alias` with created_at, district_id, category. */
export function filterConditions(alias: 'hr' | 'f', filter: ActivityFilter): SQL[] {
  const t = sql.raw(alias);
  const conditions: SQL[] = [
    sql`${t}.created_at >= ${filter.start.toISOString()}::timestamptz`,
    sql`${t}.created_at < ${filter.end.toISOString()}::timestamptz`,
  ];
  if (filter.districtIds !== null) {
    const ids = sql.join(
      filter.districtIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    conditions.push(sql`${t}.district_id in (${ids})`);
  }
  if (filter.category !== null) conditions.push(sql`${t}.category = ${filter.category}`);
  return conditions;
}

/**
 * Reciprocity (the plan's 支え合い): a resident counts when a request of theirs was done (they
 * received help) and they have completed a task as a volunteer themselves (they gave help) —
 * not merely for holding both roles.
 */
const gaveHelp = sql`select m.volunteer_id from matches m where m.status = 'completed'`;

/**
 * District × month activity, as a cohort by the request's creation month in Japan time: every
 * figure on a row is about the requests created that month (their matches, hours, thanks and
 * concerns), so a row never changes meaning when a case closes later.
 *
 * Same rows as the first query (tests/bench/council/original-activity-query.ts), for city scale:
 * - the requests of the year are read once (`r`) and numbered by month with `width_bucket` over
 *   the month starts, formatted only on the ~600 result rows (the old `to_char(… at time zone)`
 *   on every request cost more than reading the table);
 * - the matches are joined to them once (`rm`) and pre-aggregated from there: the first proposal
 *   per request for the waiting-time percentiles (both from one ordered-set aggregate), and the
 *   helpers (distinct by hashing district × month × volunteer, not by sorting) and minutes;
 * - every count is a hash aggregate over its own input, so no row estimate multiplies across
 *   joins (the old plan expected 36 million rows and chose its joins and JIT accordingly);
 * - reciprocity is a semi-join on the people who gave help instead of a correlated EXISTS per request.
 */
export async function activityRows(db: Database, filter: ActivityFilter): Promise<ActivityDbRow[]> {
  if (filter.districtIds !== null && filter.districtIds.length === 0) return [];
  if (filter.start.getTime() >= filter.end.getTime()) return [];
  const conditions = filterConditions('hr', filter);
  const months = monthStarts(filter.start, filter.end);
  const thresholds = sql`array[${sql.join(
    months.map((month) => sql`${month.toISOString()}::timestamptz`),
    sql`, `,
  )}]`;
  const query = sql`
    with r as materialized (
      select hr.id, hr.district_id, hr.resident_id, hr.status, hr.created_at,
             width_bucket(hr.created_at, ${thresholds}) as month
      from help_requests hr
      where ${sql.join(conditions, sql` and `)}
    ),
    rm as materialized (
      select r.id, r.district_id, r.month, r.created_at as requested_at,
             m.created_at, m.volunteer_id, m.status, m.minutes_spent
      from r join matches m on m.request_id = r.id
    ),
    counts as (
      select r.district_id, r.month,
             count(*)::int as requests,
             count(*) filter (where r.status = 'done')::int as completed,
             count(*) filter (where r.status = 'cancelled')::int as cancelled,
             count(*) filter (where r.status = 'unmatched')::int as unmatched
      from r
      group by r.district_id, r.month
    ),
    waits as (
      select w.district_id, w.month,
             count(*)::int as matched,
             percentile_cont(array[0.5, 0.9]) within group (order by w.hours) as hours
      from (
        select rm.district_id, rm.month,
               extract(epoch from min(rm.created_at) - rm.requested_at) / 3600.0 as hours
        from rm
        group by rm.id, rm.district_id, rm.month, rm.requested_at
      ) w
      group by w.district_id, w.month
    ),
    helped as (
      select hv.district_id, hv.month, count(*)::int as active_volunteers,
             coalesce(sum(hv.minutes), 0)::int as minutes_given
      from (
        select rm.district_id, rm.month, rm.volunteer_id,
               sum(rm.minutes_spent) filter (where rm.status = 'completed') as minutes
        from rm
        where rm.status in ('accepted', 'completed')
        group by rm.district_id, rm.month, rm.volunteer_id
      ) hv
      group by hv.district_id, hv.month
    ),
    by_thanks as (
      select r.district_id, r.month, count(*)::int as thanks
      from r join thanks t on t.request_id = r.id
      group by r.district_id, r.month
    ),
    by_concern as (
      select r.district_id, r.month, count(*)::int as concerns
      from r join concerns c on c.request_id = r.id
      group by r.district_id, r.month
    ),
    by_reciprocal as (
      select r.district_id, r.month, count(distinct r.resident_id)::int as reciprocal_residents
      from r
      where r.status = 'done' and r.resident_id in (${gaveHelp})
      group by r.district_id, r.month
    )
    select d.code as district, d.name as district_name, d.name_en as district_name_en,
           to_char((${thresholds})[c.month] at time zone 'Asia/Tokyo', 'YYYY-MM') as month,
           c.requests, coalesce(w.matched, 0)::int as matched,
           w.hours[1] as median_hours, w.hours[2] as p90_hours,
           c.completed, c.cancelled, c.unmatched,
           coalesce(h.active_volunteers, 0)::int as active_volunteers,
           coalesce(h.minutes_given, 0)::int as minutes_given,
           coalesce(bt.thanks, 0)::int as thanks,
           coalesce(bc.concerns, 0)::int as concerns,
           coalesce(br.reciprocal_residents, 0)::int as reciprocal_residents
    from counts c
    join districts d on d.id = c.district_id
    left join waits w on w.district_id = c.district_id and w.month = c.month
    left join helped h on h.district_id = c.district_id and h.month = c.month
    left join by_thanks bt on bt.district_id = c.district_id and bt.month = c.month
    left join by_concern bc on bc.district_id = c.district_id and bc.month = c.month
    left join by_reciprocal br on br.district_id = c.district_id and br.month = c.month
    order by d.code, c.month
  `;
  return db.transaction(async (tx) => {
    await tx.execute(ACTIVITY_SETTINGS);
    return [...(await tx.execute<ActivityDbRow>(query))];
  });
}

/** Which rows of the summary a row belongs to: `grouping(district, month, category)`. */
export const ActivityGrouping = {
  districtMonth: 1,
  category: 6,
  month: 5,
  district: 3,
  all: 7,
} as const;

export type ActivitySummaryDbRow = ActivityDbRow & {
  grouping: number;
  /** Null on the rows not grouped by category. */
  category: string | null;
};

/**
 * Brings the per-request facts (`council_request_facts`, migration 0005) up to date and returns
 * the instant they are current as of: every change committed before it is reflected. The
 * triggers queue each touched request; this recomputes just those, so it costs a few
 * milliseconds after ordinary activity (and about as much as the old live query after a bulk
 * load of a whole year). The worker calls it on a schedule too, so the queue stays short.
 */
export async function refreshActivityFacts(db: Database): Promise<Date> {
  const [row] = await db.execute<{ as_of: string | Date }>(
    sql`select council_facts_apply() as as_of`,
  );
  return new Date(row!.as_of);
}

/**
 * When the facts last changed (the last refresh that applied something), as an opaque string;
 * null before the first. Equal versions mean identical facts.
 */
export async function activityFactsVersion(db: Database): Promise<string | null> {
  const [row] = await db.execute<{ version: string }>(
    sql`select refreshed_at::text as version from council_facts_state where id = 1`,
  );
  return row?.version ?? null;
}

/** Recomputes every request's facts (repair only: the triggers keep them exact). */
export async function rebuildActivityFacts(db: Database): Promise<Date> {
  const [row] = await db.execute<{ as_of: string | Date }>(
    sql`select council_facts_rebuild() as as_of`,
  );
  return new Date(row!.as_of);
}

/** The three parts of the summary: each one pass over the facts, keyed by its grouping row. */
function summaryParts(filter: ActivityFilter) {
  const conditions = filterConditions('f', filter);
  const where = sql.join(conditions, sql` and `);
  const sets = sql`grouping sets ((f.district_id, f.month), (f.category), (f.month), (f.district_id), ())`;
  // Which row of the summary: the grouping bits, then the columns grouped by (concat_ws skips
  // the nulls of the columns not grouped by; the bits say which those are).
  const key = sql`concat_ws('|', grouping(f.district_id, f.month, f.category), f.district_id, f.month, f.category) as key`;
  const agg = sql`
    select a.key, a.grouping, d.code as district, d.name as district_name,
           d.name_en as district_name_en,
           to_char(a.month, 'YYYY-MM') as month, a.category::text as category,
           a.requests, a.matched, a.hours[1] as median_hours, a.hours[2] as p90_hours,
           a.completed, a.cancelled, a.unmatched, a.minutes_given, a.thanks, a.concerns
    from (
      select ${key}, grouping(f.district_id, f.month, f.category) as grouping,
             f.district_id, f.month, f.category,
             count(*)::int as requests,
             count(f.first_proposal_hours)::int as matched,
             percentile_cont(array[0.5, 0.9]) within group (order by f.first_proposal_hours) as hours,
             count(*) filter (where f.status = 'done')::int as completed,
             count(*) filter (where f.status = 'cancelled')::int as cancelled,
             count(*) filter (where f.status = 'unmatched')::int as unmatched,
             coalesce(sum(f.minutes_given), 0)::int as minutes_given,
             coalesce(sum(f.thanks), 0)::int as thanks,
             coalesce(sum(f.concerns), 0)::int as concerns
      from council_request_facts f
      where ${where}
      group by ${sets}
    ) a
    left join districts d on d.id = a.district_id`;
  const helped = sql`
    select ${key}, count(distinct f.volunteer_id)::int as active_volunteers
    from council_request_helpers f
    where ${where}
    group by ${sets}`;
  const reciprocal = sql`
    select ${key}, count(distinct f.resident_id)::int as reciprocal_residents
    from council_request_facts f
    where ${where} and f.status = 'done' and f.resident_id in (${gaveHelp})
    group by ${sets}`;
  return { agg, helped, reciprocal };
}

type AggDbRow = Omit<ActivitySummaryDbRow, 'active_volunteers' | 'reciprocal_residents'> & {
  key: string;
};

function mergeParts(
  agg: readonly AggDbRow[],
  helped: readonly { key: string; active_volunteers: number }[],
  reciprocal: readonly { key: string; reciprocal_residents: number }[],
): ActivitySummaryDbRow[] {
  const volunteers = new Map(helped.map((row) => [row.key, row.active_volunteers]));
  const residents = new Map(reciprocal.map((row) => [row.key, row.reciprocal_residents]));
  return agg.map(({ key, ...row }) => ({
    ...row,
    active_volunteers: volunteers.get(key) ?? 0,
    reciprocal_residents: residents.get(key) ?? 0,
  }));
}

/**
 * The activity report from the per-request facts: the district × month rows (the same figures
 * as `activityRows`, which joins the live tables) plus totals by category, by month, by
 * district and for the whole selection, in one statement (one snapshot).
 * Medians and p90s are exact per row of every table (ordered-set aggregates over the requests'
 * own waiting times, never medians of medians), and active volunteers and reciprocal residents
 * are distinct counts within each row, so a total is not the sum of its months.
 * Rows are ordered by grouping (`ActivityGrouping`), district code, month and category.
 */
export async function activitySummaryRows(
  db: Database,
  filter: ActivityFilter,
): Promise<ActivitySummaryDbRow[]> {
  if (filter.districtIds !== null && filter.districtIds.length === 0) return [];
  if (filter.start.getTime() >= filter.end.getTime()) return [];
  const { agg, helped, reciprocal } = summaryParts(filter);
  const query = sql`
    with agg as (${agg}), helped as (${helped}), reciprocal as (${reciprocal})
    select agg.*, coalesce(h.active_volunteers, 0)::int as active_volunteers,
           coalesce(r.reciprocal_residents, 0)::int as reciprocal_residents
    from agg
    left join helped h on h.key = agg.key
    left join reciprocal r on r.key = agg.key`;
  return db.transaction(async (tx) => {
    await tx.execute(ACTIVITY_SETTINGS);
    const rows = [...(await tx.execute<AggDbRow & ActivitySummaryDbRow>(query))];
    // The CTE join keeps agg's order (it is the outer, left side of hash joins on unique keys);
    // sort anyway so the order never depends on a plan.
    return sortSummary(rows.map(({ key: _key, ...row }) => row));
  });
}

/**
 * The same rows as `activitySummaryRows`, from its three parts run side by side on separate
 * connections (each in its own transaction), so the report costs the slowest part instead of
 * their sum on a machine with idle cores. Three statements see three snapshots; the caller
 * compares the facts' version before and after (`activityFactsVersion`) and falls back to the
 * one-statement form when an apply came in between.
 */
export async function activitySummaryRowsSideBySide(
  db: Database,
  filter: ActivityFilter,
): Promise<ActivitySummaryDbRow[]> {
  if (filter.districtIds !== null && filter.districtIds.length === 0) return [];
  if (filter.start.getTime() >= filter.end.getTime()) return [];
  const { agg, helped, reciprocal } = summaryParts(filter);
  const run = <T extends Record<string, unknown>>(query: SQL) =>
    db.transaction(async (tx) => {
      await tx.execute(ACTIVITY_SETTINGS);
      return [...(await tx.execute<T>(query))];
    });
  const [aggRows, helpedRows, reciprocalRows] = await Promise.all([
    run<AggDbRow>(agg),
    run<{ key: string; active_volunteers: number }>(helped),
    run<{ key: string; reciprocal_residents: number }>(reciprocal),
  ]);
  return sortSummary(mergeParts(aggRows, helpedRows, reciprocalRows));
}

const CATEGORY_ORDER = new Map<string, number>(helpCategories.map((code, i) => [code, i]));

function sortSummary(rows: ActivitySummaryDbRow[]): ActivitySummaryDbRow[] {
  const text = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  return rows.sort(
    (a, b) =>
      a.grouping - b.grouping ||
      text(a.district, b.district) ||
      text(a.month, b.month) ||
      (CATEGORY_ORDER.get(a.category ?? '') ?? 99) - (CATEGORY_ORDER.get(b.category ?? '') ?? 99),
  );
}
