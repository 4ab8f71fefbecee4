import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { gini, summarise } from './stats.ts';

/** What the storm did, read back from PostgreSQL, the source of truth. */
export async function stormOutcome(db: Database) {
  const [counts] = await db.execute<{
    total: number;
    matched: number;
    unmatched: number;
    waiting: number;
  }>(sql`
    select count(*)::int as total,
      count(*) filter (where exists (select 1 from matches m where m.request_id = r.id))::int as matched,
      count(*) filter (where r.status = 'unmatched')::int as unmatched,
      count(*) filter (where r.status in ('open', 'matching'))::int as waiting
    from help_requests r`);
  const latencies = await db.execute<{ ms: number }>(sql`
    select extract(epoch from (min(m.created_at) - r.created_at)) * 1000 as ms
    from help_requests r join matches m on m.request_id = r.id group by r.id, r.created_at`);
  const [doubles] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from matches a join matches b
      on a.volunteer_id = b.volunteer_id and a.id < b.id and a.booked_during && b.booked_during
    where a.exclusive and b.exclusive
      and a.status in ('approved','offered','accepted') and b.status in ('approved','offered','accepted')`);
  const [crowded] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select m.request_id from matches m join help_requests r on r.id = m.request_id
      where m.status in ('proposed','approved','offered','accepted')
      group by m.request_id, r.people_needed having count(*) > r.people_needed) x`);
  // Eligible volunteers: active snow helpers serving a district that had requests.
  const load = await db.execute<{ tasks: number }>(sql`
    select count(m.id)::int as tasks
    from volunteer_profiles v
    left join matches m on m.volunteer_id = v.user_id and m.status in ('proposed','approved','offered','accepted','completed')
    where v.verification = 'active' and 'snow' = any(v.skills)
      and exists (select 1 from volunteer_districts vd join help_requests r on r.district_id = vd.district_id
                  where vd.volunteer_id = v.user_id)
    group by v.user_id`);
  const [score] = await db.execute<{ total: number }>(sql`
    select coalesce(sum(score), 0)::float8 as total from matches where status = 'proposed'`);
  const tasks = load.map((row) => row.tasks);
  return {
    requests: counts!.total,
    matchedShare: counts!.total ? counts!.matched / counts!.total : 0,
    unmatched: counts!.unmatched,
    stillWaiting: counts!.waiting,
    requestToProposalMs: summarise(latencies.map((row) => Number(row.ms))),
    doubleBookings: doubles!.n,
    requestsOverFilled: crowded!.n,
    onlineTotalScore: score!.total,
    fairness: {
      gini: gini(tasks),
      maxTasks: Math.max(0, ...tasks),
      eligibleVolunteers: tasks.length,
    },
  };
}

/** Waits until matching has settled: no new match for `quietMs`, or the deadline. */
export async function waitUntilSettled(
  db: Database,
  quietMs: number,
  deadlineMs: number,
  /** True when the worker has no matching job waiting or running. */
  queueIdle: () => Promise<boolean>,
): Promise<number> {
  const started = Date.now();
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() - started < deadlineMs) {
    const [row] = await db.execute<{ n: number; pending: number }>(sql`
      select (select count(*) from matches)::int as n,
        (select count(*) from outbox where dispatched_at is null)::int as pending`);
    if (row!.n !== last || row!.pending > 0) {
      last = row!.n;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs && (await queueIdle())) {
      // Quiet, nothing left to relay and no run in flight or waiting: a slow run in a hot
      // district no longer passes for the end of matching.
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return Date.now() - started;
}
