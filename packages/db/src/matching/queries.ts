/*
 * Over 400 lines on purpose: the request and candidate queries and the row mapping that turns
 * them into the matcher's types are one contract and change together.
 */
import type { CandidateVolunteer, MatchRequest } from '@sasaeai/core';
import { weekStartOf } from '@sasaeai/core';
import type { HelpCategory, Urgency, VerificationStatus, VolunteerKind } from '@sasaeai/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';

/**
 * Read-only queries for the matcher. Each loads a whole district batch in a fixed number of
 * statements (no query per request or per volunteer), with ids and numbers only: no names,
 * addresses or notes ever reach the matcher, its jobs or its logs.
 */

const LIVE = sql.raw(`('proposed', 'approved', 'offered', 'accepted')`);
/** Matches whose volunteer may not be proposed again for the same request. */
const EXCLUDING = sql.raw(
  `('proposed', 'approved', 'offered', 'accepted', 'declined', 'expired', 'rejected', 'no_show')`,
);
/** Refusals that count towards giving up on a request. */
const REFUSALS = sql.raw(`('declined', 'expired', 'rejected')`);

const uuids = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;
const instant = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const ms = (value: unknown) => Number(value);

export interface DistrictMatchingContext {
  id: string;
  lat: number;
  lon: number;
  neighbourIds: string[];
}

/** The district's centroid and the districts adjacent to it. */
export async function districtMatchingContext(
  db: DbOrTx,
  districtId: string,
): Promise<DistrictMatchingContext | null> {
  const rows = await db.execute<{ id: string; lat: number; lon: number; neighbours: string[] }>(sql`
    select d.id, d.lat, d.lon,
      coalesce(array(
        select n.neighbour_id::text from district_neighbours n
        where n.district_id = d.id order by n.neighbour_id
      ), '{}') as neighbours
    from districts d where d.id = ${districtId}`);
  const row = rows[0];
  return row
    ? { id: row.id, lat: Number(row.lat), lon: Number(row.lon), neighbourIds: row.neighbours }
    : null;
}

/** A request as the matcher sees it, with what the worker needs to decide around it. */
export interface MatchableRequest extends MatchRequest {
  status: 'open' | 'matching';
  /** Declined, expired or rejected matches since the request last came back from `unmatched`. */
  refusals: number;
}

/**
 * The district's requests waiting for helpers: `open` or `matching`, with places not held by a
 * live match. Excluded volunteers are those already on the request or who declined, let the
 * offer expire, were rejected or did not show; waiting time counts from `matching_since`.
 */
export async function loadMatchableRequests(
  db: DbOrTx,
  context: DistrictMatchingContext,
  now: Date,
): Promise<MatchableRequest[]> {
  const rows = await selectRequests(
    db,
    sql`r.district_id = ${context.id} and r.status in ('open', 'matching')`,
    true,
  );
  return rows.map((row) => toMatchRequest(row, context, now) as MatchableRequest);
}

/**
 * One request as the matcher would see it, whatever its status (for the coordinator's ranked
 * candidate list), with the district context it needs; null when there is no such request.
 */
export async function loadRequestForMatching(
  db: DbOrTx,
  requestId: string,
  now: Date,
): Promise<{
  request: MatchRequest & { status: string };
  context: DistrictMatchingContext;
} | null> {
  const [row] = await selectRequests(db, sql`r.id = ${requestId}`, false);
  if (!row) return null;
  const context = await districtMatchingContext(db, row.district_id);
  if (!context) return null;
  return { request: toMatchRequest(row, context, now), context };
}

interface RequestRow extends Record<string, unknown> {
  id: string;
  district_id: string;
  category: HelpCategory;
  status: string;
  start_ms: string;
  end_ms: string;
  people_needed: number;
  urgency: Urgency;
  resident_id: string;
  waiting_since_ms: string;
  neighbours_open: boolean;
  live_individuals: number;
  live_groups: number;
  excluded: string[];
  refusals: number;
}

function selectRequests(db: DbOrTx, where: SQL, onlyWithOpenPlaces: boolean) {
  return db.execute<RequestRow>(sql`
    with reqs as (
      select r.id, r.district_id, r.category::text as category, r.status::text as status,
        r.window_start, r.window_end, r.people_needed, r.urgency::text as urgency, r.resident_id,
        coalesce(r.matching_since, r.created_at) as waiting_since,
        r.neighbours_opened_at is not null as neighbours_open,
        (
          select max(a.created_at) from audit_events a
          where a.subject_type = 'help_request' and a.subject_id = r.id::text
            and a.action = 'help_request.status'
            and a.details->>'from' = 'unmatched' and a.details->>'to' = 'matching'
        ) as rematched_at
      from help_requests r
      where ${where}
    ),
    per_request as (
      select m.request_id,
        count(*) filter (where m.status in ${LIVE} and m.exclusive)::int as live_individuals,
        count(*) filter (where m.status in ${LIVE} and not m.exclusive)::int as live_groups,
        coalesce(
          array_agg(distinct m.volunteer_id::text) filter (where m.status in ${EXCLUDING}),
          '{}'
        ) as excluded,
        count(*) filter (
          where m.status in ${REFUSALS}
            and m.updated_at > coalesce(reqs.rematched_at, '-infinity'::timestamptz)
        )::int as refusals
      from matches m join reqs on reqs.id = m.request_id
      group by m.request_id
    )
    select reqs.id::text as id, reqs.district_id::text as district_id, reqs.category,
      reqs.status, reqs.people_needed, reqs.urgency, reqs.resident_id::text as resident_id,
      extract(epoch from reqs.window_start) * 1000 as start_ms,
      extract(epoch from reqs.window_end) * 1000 as end_ms,
      extract(epoch from reqs.waiting_since) * 1000 as waiting_since_ms,
      reqs.neighbours_open,
      coalesce(p.live_individuals, 0) as live_individuals,
      coalesce(p.live_groups, 0) as live_groups,
      coalesce(p.excluded, '{}') as excluded,
      coalesce(p.refusals, 0) as refusals
    from reqs left join per_request p on p.request_id = reqs.id
    ${
      onlyWithOpenPlaces
        ? sql`where coalesce(p.live_groups, 0) = 0
            and coalesce(p.live_individuals, 0) < reqs.people_needed`
        : sql``
    }
    order by reqs.id`);
}

function toMatchRequest(row: RequestRow, context: DistrictMatchingContext, now: Date) {
  const windowStart = new Date(ms(row.start_ms));
  return {
    id: row.id,
    status: row.status,
    districtId: context.id,
    neighbourDistrictIds: context.neighbourIds,
    location: { lat: context.lat, lon: context.lon },
    category: row.category,
    windowStart,
    windowEnd: new Date(ms(row.end_ms)),
    matchFrom: new Date(Math.max(windowStart.getTime(), now.getTime())),
    peopleNeeded: row.people_needed,
    placesOpen: row.live_groups > 0 ? 0 : Math.max(0, row.people_needed - row.live_individuals),
    urgency: row.urgency,
    waitingMinutes: Math.max(0, Math.floor((now.getTime() - ms(row.waiting_since_ms)) / 60_000)),
    neighboursOpen: row.neighbours_open,
    residentId: row.resident_id,
    excludedVolunteerIds: row.excluded,
    refusals: row.refusals,
  };
}

export interface LoadCandidatesInput {
  /** The batch's district and its neighbours. */
  districtIds: readonly string[];
  /** Only volunteers offering one of these (all when omitted). */
  categories?: readonly HelpCategory[];
  /** The span of the batch's windows: bookings overlapping it are read. */
  from: Date;
  to: Date;
  /** Residents of the batch, for continuity. */
  residentIds: readonly string[];
  now: Date;
  /** Reliability counts look back this far (default one year). */
  reliabilityDays?: number;
}

/**
 * Active volunteers serving any of the districts, with everything eligibility and scoring need.
 * Seven statements whatever the batch size, each keyed by the volunteer ids.
 */
export async function loadCandidates(
  db: DbOrTx,
  input: LoadCandidatesInput,
): Promise<CandidateVolunteer[]> {
  if (input.districtIds.length === 0) return [];
  const categories =
    input.categories && input.categories.length > 0
      ? sql`and vp.skills && ${sql.param([...input.categories])}::help_category[]`
      : sql``;
  const profiles = await db.execute<{
    id: string;
    kind: VolunteerKind;
    headcount: number;
    skills: HelpCategory[];
    equipment: string[];
    helps_neighbours: boolean;
    max_tasks_per_week: number;
    verification: VerificationStatus;
    insurance_expires_on: string | null;
    needs_buddy: boolean;
    prefer_quiet: boolean;
  }>(sql`
    select vp.user_id::text as id, vp.kind::text as kind, vp.headcount,
      vp.skills::text[] as skills, vp.equipment, vp.helps_neighbours, vp.max_tasks_per_week,
      vp.verification::text as verification, vp.insurance_expires_on::text as insurance_expires_on,
      vp.first_task_with_buddy and not exists (
        select 1 from matches m where m.volunteer_id = vp.user_id and m.status = 'completed'
      ) as needs_buddy,
      vp.prefer_quiet
    from volunteer_profiles vp
    where vp.verification = 'active'
      ${categories}
      and exists (
        select 1 from volunteer_districts vd
        where vd.volunteer_id = vp.user_id and vd.district_id = any(${uuids(input.districtIds)})
      )
    order by vp.user_id`);
  if (profiles.length === 0) return [];
  const ids = profiles.map((p) => p.id);

  const [served, availability, load, continuity, reliability] = await Promise.all([
    db.execute<{ volunteer_id: string; id: string; lat: number; lon: number }>(sql`
      select vd.volunteer_id::text as volunteer_id, d.id::text as id, d.lat, d.lon
      from volunteer_districts vd join districts d on d.id = vd.district_id
      where vd.volunteer_id = any(${uuids(ids)})
      order by vd.volunteer_id, d.id`),
    db.execute<{
      volunteer_id: string;
      weekday: number;
      start_minute: number;
      end_minute: number;
    }>(sql`
      select volunteer_id::text as volunteer_id, weekday, start_minute, end_minute
      from volunteer_availability
      where volunteer_id = any(${uuids(ids)})
      order by volunteer_id, weekday, start_minute`),
    loadVolunteerLoad(db, ids, input.from, input.to, input.now),
    db.execute<{ volunteer_id: string; resident_id: string }>(sql`
      select distinct m.volunteer_id::text as volunteer_id, r.resident_id::text as resident_id
      from matches m join help_requests r on r.id = m.request_id
      where m.status = 'completed'
        and m.volunteer_id = any(${uuids(ids)})
        and r.resident_id = any(${uuids(input.residentIds)})`),
    db.execute<{
      volunteer_id: string;
      completed: number;
      declined: number;
      expired: number;
      no_show: number;
    }>(sql`
      select volunteer_id::text as volunteer_id,
        count(*) filter (where status = 'completed')::int as completed,
        count(*) filter (where status = 'declined')::int as declined,
        count(*) filter (where status = 'expired')::int as expired,
        count(*) filter (where status = 'no_show')::int as no_show
      from matches
      where volunteer_id = any(${uuids(ids)})
        and status in ('completed', 'declined', 'expired', 'no_show')
        and updated_at > ${instant(input.now)} - make_interval(days => ${input.reliabilityDays ?? 365})
      group by volunteer_id`),
  ]);

  const servedBy = groupBy(served, (row) => row.volunteer_id);
  const availabilityBy = groupBy(availability, (row) => row.volunteer_id);
  const helpedBy = groupBy(continuity, (row) => row.volunteer_id);
  const reliabilityBy = new Map(reliability.map((row) => [row.volunteer_id, row]));

  return profiles.map((p) => {
    const stats = reliabilityBy.get(p.id);
    const volunteerLoad = load.get(p.id);
    return {
      id: p.id,
      kind: p.kind,
      headcount: p.headcount,
      skills: p.skills,
      equipment: p.equipment,
      districts: (servedBy.get(p.id) ?? []).map((d) => ({
        id: d.id,
        lat: Number(d.lat),
        lon: Number(d.lon),
      })),
      helpsNeighbours: p.helps_neighbours,
      availability: (availabilityBy.get(p.id) ?? []).map((a) => ({
        weekday: a.weekday,
        startMinute: a.start_minute,
        endMinute: a.end_minute,
      })),
      maxTasksPerWeek: p.max_tasks_per_week,
      tasksByWeek: volunteerLoad?.tasksByWeek ?? {},
      verification: p.verification,
      insuranceExpiresOn: p.insurance_expires_on,
      busy: volunteerLoad?.busy ?? [],
      helpedResidentIds: (helpedBy.get(p.id) ?? []).map((row) => row.resident_id),
      reliability: {
        completed: stats?.completed ?? 0,
        declined: stats?.declined ?? 0,
        expired: stats?.expired ?? 0,
        noShow: stats?.no_show ?? 0,
      },
      // Supported volunteering, only when set: everyone else's candidate is as it was.
      ...(p.needs_buddy ? { needsBuddy: true } : {}),
      ...(p.prefer_quiet ? { preferQuiet: true } : {}),
    };
  });
}

export type VolunteerLoad = Pick<CandidateVolunteer, 'tasksByWeek' | 'busy'>;

/**
 * Each volunteer's tasks per week (live and completed matches, by the Japanese week their window
 * starts in, from this week on) and live bookings overlapping [from, to). A group's booking takes
 * as many of its people as the request needs.
 */
export async function loadVolunteerLoad(
  db: DbOrTx,
  volunteerIds: readonly string[],
  from: Date,
  to: Date,
  now: Date,
): Promise<Map<string, VolunteerLoad>> {
  const result = new Map<
    string,
    { tasksByWeek: Record<string, number>; busy: VolunteerLoad['busy'][number][] }
  >();
  if (volunteerIds.length === 0) return result;
  const weeksFrom = weekStartOf(Math.min(from.getTime(), now.getTime()));
  const entry = (id: string) => {
    let value = result.get(id);
    if (!value) {
      value = { tasksByWeek: {}, busy: [] };
      result.set(id, value);
    }
    return value;
  };
  const [weeks, busy] = await Promise.all([
    db.execute<{ volunteer_id: string; week: string; tasks: number }>(sql`
      select volunteer_id::text as volunteer_id,
        to_char(date_trunc('week', lower(booked_during) at time zone 'Asia/Tokyo'), 'YYYY-MM-DD')
          as week,
        count(*)::int as tasks
      from matches
      where volunteer_id = any(${uuids(volunteerIds)})
        and status in ('proposed', 'approved', 'offered', 'accepted', 'completed')
        and lower(booked_during) >= ${instant(weeksFrom)}
        and lower(booked_during) < ${instant(to)} + interval '7 days'
      group by 1, 2`),
    db.execute<{ volunteer_id: string; start_ms: string; end_ms: string; people: number }>(sql`
      select m.volunteer_id::text as volunteer_id,
        extract(epoch from lower(m.booked_during)) * 1000 as start_ms,
        extract(epoch from upper(m.booked_during)) * 1000 as end_ms,
        case when m.exclusive then 1 else r.people_needed end as people
      from matches m join help_requests r on r.id = m.request_id
      where m.volunteer_id = any(${uuids(volunteerIds)})
        and m.status in ${LIVE}
        and m.booked_during && tstzrange(${instant(from)}, ${instant(to)})
      order by 1, 2`),
  ]);
  for (const row of weeks) entry(row.volunteer_id).tasksByWeek[row.week] = row.tasks;
  for (const row of busy) {
    entry(row.volunteer_id).busy.push({
      start: new Date(ms(row.start_ms)),
      end: new Date(ms(row.end_ms)),
      people: row.people,
    });
  }
  return result;
}

/**
 * Districts with requests in `open` or `matching` that nothing has touched for `staleSeconds`:
 * the reconciler re-enqueues their matching (e.g. after Redis lost its data).
 */
export async function districtsWithStaleRequests(
  db: DbOrTx,
  staleSeconds: number,
  now: Date = new Date(),
): Promise<string[]> {
  const rows = await db.execute<{ district_id: string }>(sql`
    select distinct district_id::text as district_id from help_requests
    where status in ('open', 'matching')
      and updated_at < ${instant(now)} - make_interval(secs => ${staleSeconds})
    order by 1`);
  return rows.map((row) => row.district_id);
}

/** The district of a request (for jobs that carry only the request id). */
export async function districtOfRequest(db: DbOrTx, requestId: string): Promise<string | null> {
  const rows = await db.execute<{ district_id: string }>(sql`
    select district_id::text as district_id from help_requests where id = ${requestId}`);
  return rows[0]?.district_id ?? null;
}

function groupBy<T>(rows: Iterable<T>, key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
