import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type { ActivityFilter } from '../../repositories/council/council-queries.ts';
import { filterConditions } from '../../repositories/council/activity-query.ts';
import { personMinutesSql } from './person-hours.ts';

/** Figures of the centre's report that the council summary does not carry, per key. */
export interface ExtraFigures {
  waiting: number;
  residentsHelped: number;
  activities: number;
  personMinutes: number;
  newVolunteers: number;
  newResidents: number;
}

/** `''` = the whole selection, `d:<district id>`, `c:<category>`. */
export type FigureKey = string;

const keyOf = sql`case when grouping(f.district_id) = 0 then 'd:' || f.district_id::text
  when grouping(f.category) = 0 then 'c:' || f.category::text else '' end`;

function inDistricts(column: SQL, ids: string[] | null): SQL {
  if (ids === null) return sql`true`;
  if (ids.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/**
 * Waiting requests, residents helped, activities and person-minutes, read from the council's
 * per-request facts (the same cohort as its summary: requests created in the period, so the
 * caller must have brought the facts up to date, as `summaryRows` does), and the people who
 * registered in the period. Keyed by district, by category and for the whole selection.
 */
export async function extraFigures(
  db: Database,
  filter: ActivityFilter,
): Promise<Map<FigureKey, ExtraFigures>> {
  if (filter.districtIds !== null && filter.districtIds.length === 0) return new Map();
  const where = sql.join(filterConditions('f', { ...filter, category: null }), sql` and `);
  const period = (column: SQL) =>
    sql`${column} >= ${filter.start.toISOString()}::timestamptz and ${column} < ${filter.end.toISOString()}::timestamptz`;
  const [requests, activity, residents, volunteers] = await Promise.all([
    db.execute<{ key: string; waiting: number; residents_helped: number }>(sql`
      select ${keyOf} as key,
             count(*) filter (where f.status in ('open', 'matching', 'unmatched'))::int as waiting,
             count(distinct f.resident_id) filter (where f.status = 'done')::int as residents_helped
      from council_request_facts f where ${where}
      group by grouping sets ((f.district_id), (f.category), ())`),
    db.execute<{ key: string; activities: number; person_minutes: number }>(sql`
      select ${keyOf} as key, count(*)::int as activities,
             coalesce(sum(${personMinutesSql({
               minutesSpent: sql`m.minutes_spent`,
               windowStart: sql`r.window_start`,
               windowEnd: sql`r.window_end`,
               kind: sql`vp.kind`,
               headcount: sql`vp.headcount`,
             })}), 0)::float8 as person_minutes
      from council_request_facts f
      join matches m on m.request_id = f.request_id and m.status = 'completed'
      join help_requests r on r.id = m.request_id
      left join volunteer_profiles vp on vp.user_id = m.volunteer_id
      where ${where}
      group by grouping sets ((f.district_id), (f.category), ())`),
    db.execute<{ key: string; n: number }>(sql`
      select case when grouping(rp.district_id) = 0 then 'd:' || rp.district_id::text else '' end as key,
             count(*)::int as n
      from resident_profiles rp
      where ${period(sql`rp.created_at`)} and rp.merged_into_id is null
        and ${inDistricts(sql`rp.district_id`, filter.districtIds)}
      group by grouping sets ((rp.district_id), ())`),
    db.execute<{ key: string; n: number }>(sql`
      select case when grouping(vd.district_id) = 0 then 'd:' || vd.district_id::text else '' end as key,
             count(distinct vp.user_id)::int as n
      from volunteer_profiles vp join volunteer_districts vd on vd.volunteer_id = vp.user_id
      where ${period(sql`vp.created_at`)} and ${inDistricts(sql`vd.district_id`, filter.districtIds)}
      group by grouping sets ((vd.district_id), ())`),
  ]);
  const figures = new Map<FigureKey, ExtraFigures>();
  const entry = (key: string) => {
    let found = figures.get(key);
    if (!found) {
      found = {
        waiting: 0,
        residentsHelped: 0,
        activities: 0,
        personMinutes: 0,
        newVolunteers: 0,
        newResidents: 0,
      };
      figures.set(key, found);
    }
    return found;
  };
  for (const row of requests) {
    Object.assign(entry(row.key), { waiting: row.waiting, residentsHelped: row.residents_helped });
  }
  for (const row of activity) {
    Object.assign(entry(row.key), {
      activities: row.activities,
      personMinutes: Number(row.person_minutes),
    });
  }
  for (const row of residents) entry(row.key).newResidents = row.n;
  for (const row of volunteers) entry(row.key).newVolunteers = row.n;
  return figures;
}
