/**
 * The dashboard's first activity query, as it was before migrations 0004 and 0005: kept only so
 * the benchmark can show the plan and the timings it replaced. The API no longer runs it.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type {
  ActivityDbRow,
  ActivityFilter,
} from '../../../services/api/src/repositories/council/council-queries.ts';

/**
 * District × month activity, as a cohort by the request's creation month in Japan time: every
 * figure on a row is about the requests created that month (their matches, hours, thanks and
 * concerns), so a row never changes meaning when a case closes later.
 */
export async function activityByDistrictMonth(
  db: Database,
  filter: ActivityFilter,
): Promise<ActivityDbRow[]> {
  if (filter.districtIds !== null && filter.districtIds.length === 0) return [];
  const conditions: SQL[] = [
    sql`hr.created_at >= ${filter.start.toISOString()}::timestamptz`,
    sql`hr.created_at < ${filter.end.toISOString()}::timestamptz`,
  ];
  if (filter.districtIds !== null) {
    conditions.push(
      sql`hr.district_id in (${sql.join(
        filter.districtIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  }
  if (filter.category !== null) conditions.push(sql`hr.category = ${filter.category}`);
  const rows = await db.execute<ActivityDbRow>(sql`
    with r as (
      select hr.id, hr.district_id, hr.resident_id, hr.status, hr.created_at,
             to_char(hr.created_at at time zone 'Asia/Tokyo', 'YYYY-MM') as month
      from help_requests hr
      where ${sql.join(conditions, sql` and `)}
    ),
    first_match as (
      select m.request_id, min(m.created_at) as first_at
      from matches m join r on r.id = m.request_id
      group by m.request_id
    ),
    by_request as (
      select r.district_id, r.month,
             count(*)::int as requests,
             count(fm.request_id)::int as matched,
             percentile_cont(0.5) within group (
               order by extract(epoch from fm.first_at - r.created_at) / 3600.0
             ) as median_hours,
             percentile_cont(0.9) within group (
               order by extract(epoch from fm.first_at - r.created_at) / 3600.0
             ) as p90_hours,
             count(*) filter (where r.status = 'done')::int as completed,
             count(*) filter (where r.status = 'cancelled')::int as cancelled,
             count(*) filter (where r.status = 'unmatched')::int as unmatched,
             count(distinct r.resident_id) filter (
               where exists (
                 select 1 from role_assignments ra
                 where ra.user_id = r.resident_id and ra.role = 'volunteer'
               )
             )::int as reciprocal_residents
      from r left join first_match fm on fm.request_id = r.id
      group by r.district_id, r.month
    ),
    by_match as (
      select r.district_id, r.month,
             count(distinct m.volunteer_id) filter (
               where m.status in ('accepted', 'completed')
             )::int as active_volunteers,
             coalesce(sum(m.minutes_spent) filter (where m.status = 'completed'), 0)::int
               as minutes_given
      from r join matches m on m.request_id = r.id
      group by r.district_id, r.month
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
    )
    select d.code as district, d.name as district_name, b.month,
           b.requests, b.matched, b.median_hours, b.p90_hours,
           b.completed, b.cancelled, b.unmatched,
           coalesce(bm.active_volunteers, 0)::int as active_volunteers,
           coalesce(bm.minutes_given, 0)::int as minutes_given,
           coalesce(bt.thanks, 0)::int as thanks,
           coalesce(bc.concerns, 0)::int as concerns,
           b.reciprocal_residents
    from by_request b
    join districts d on d.id = b.district_id
    left join by_match bm on bm.district_id = b.district_id and bm.month = b.month
    left join by_thanks bt on bt.district_id = b.district_id and bt.month = b.month
    left join by_concern bc on bc.district_id = b.district_id and bc.month = b.month
    order by d.code, b.month
  `);
  return [...rows];
}
