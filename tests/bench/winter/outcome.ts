/**
 * The snow-season bench's core steps, shared by `pnpm bench:winter` (real processes) and its
 * in-process test: declaring the snowfall through the real API route, and reading back from
 * PostgreSQL what the expansion and the matching did.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type { DeclareSnowEventResponse } from '@sasaeai/contracts';
import { stormOutcome } from '../snowstorm/metrics.ts';
import type { WinterCity } from './seed.ts';

export interface Declaration {
  status: number;
  ms: number;
  at: Date;
  body: DeclareSnowEventResponse;
}

/** POST /api/snow-events as the council user: the registrations it triggers become jobs. */
export async function declareSnowfall(
  apiUrl: string,
  city: WinterCity,
  districts: readonly string[],
  cm: number,
): Promise<Declaration> {
  const at = new Date();
  const began = performance.now();
  const response = await fetch(`${apiUrl}/api/snow-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: apiUrl, cookie: city.councilCookie },
    body: JSON.stringify({ districts, cm, observedOn: city.observedOn }),
  });
  const body = (await response.json()) as DeclareSnowEventResponse;
  return { status: response.status, ms: performance.now() - began, at, body };
}

/** Every registration expanded exactly once: how many registrations have 0, 1, or more jobs. */
export async function expansion(db: Database) {
  const [row] = await db.execute<{
    registrations: number;
    jobs: number;
    with_one: number;
    with_none: number;
    with_more: number;
  }>(sql`
    select count(*)::int as registrations, coalesce(sum(n), 0)::int as jobs,
      count(*) filter (where n = 1)::int as with_one,
      count(*) filter (where n = 0)::int as with_none,
      count(*) filter (where n > 1)::int as with_more
    from (select w.id, (select count(*) from help_requests r
                        where r.winter_registration_id = w.id)::int as n
          from winter_registrations w) x`);
  return {
    registrations: row!.registrations,
    jobs: row!.jobs,
    withOneJob: row!.with_one,
    withNoJob: row!.with_none,
    withMoreJobs: row!.with_more,
  };
}

/**
 * Pairs honoured: of the jobs of paired households, those whose first match (offer) went to
 * their own pair — the primary, or the backup when the primary could not come — before anyone
 * else was asked. `toPrimary` counts those whose first offer went to the primary.
 */
export async function pairsHonoured(db: Database) {
  const [row] = await db.execute<{
    paired_jobs: number;
    honoured: number;
    to_primary: number;
    matched: number;
  }>(sql`
    with firsts as (
      select distinct on (r.id) r.id as request_id, r.winter_registration_id, m.volunteer_id
      from help_requests r
      left join matches m on m.request_id = r.id
      where exists (select 1 from season_pairings p
                    where p.winter_registration_id = r.winter_registration_id
                      and p.status = 'active')
      order by r.id, m.created_at, m.id)
    select count(*)::int as paired_jobs,
      count(*) filter (where f.volunteer_id is not null)::int as matched,
      count(*) filter (where exists (
        select 1 from season_pairings p where p.winter_registration_id = f.winter_registration_id
          and p.helper_id = f.volunteer_id and p.status = 'active'))::int as honoured,
      count(*) filter (where exists (
        select 1 from season_pairings p where p.winter_registration_id = f.winter_registration_id
          and p.helper_id = f.volunteer_id and p.role = 'primary'
          and p.status = 'active'))::int as to_primary
    from firsts f`);
  const pairedJobs = row!.paired_jobs;
  return {
    pairedJobs,
    matched: row!.matched,
    honoured: row!.honoured,
    toPrimary: row!.to_primary,
    share: pairedJobs ? row!.honoured / pairedJobs : 0,
  };
}

/** Everything the bench reports from the database once matching has settled. */
export async function winterOutcome(db: Database) {
  const [storm, expanded, pairs] = [
    await stormOutcome(db),
    await expansion(db),
    await pairsHonoured(db),
  ];
  return { ...storm, expansion: expanded, pairs };
}
