import { inArray, sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { helpRequests } from '@sasaeai/db/schema';

const LIVE = sql.raw(`('proposed','approved','offered','accepted')`);

/** Of the accepted request ids: how many the database does not have, and how many are still `open`. */
export async function requestsState(db: Database, ids: readonly string[]) {
  if (ids.length === 0) return { missing: 0, open: 0 };
  const rows = await db
    .select({ status: helpRequests.status })
    .from(helpRequests)
    .where(inArray(helpRequests.id, [...ids]));
  return {
    missing: ids.length - rows.length,
    open: rows.filter((r) => r.status === 'open').length,
  };
}

export async function pendingOutbox(db: Database): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from outbox where dispatched_at is null`,
  );
  return row!.n;
}

export async function matchCount(db: Database): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from matches`);
  return row!.n;
}

/**
 * The invariants no fault may break, over the whole database: one request per (resident,
 * idempotency key); one live match per (request, volunteer); no individual volunteer in two live
 * bookings that overlap (the self-join of tests/integration/scale-out.test.ts); no request with
 * more live helpers than it needs.
 */
export async function violations(db: Database) {
  const [row] = await db.execute<{
    duplicateKeys: number;
    duplicateMatches: number;
    doubleBooked: number;
    overfilled: number;
  }>(sql`
    select
      (select count(*) from (
        select 1 from help_requests where idempotency_key is not null
        group by created_by, idempotency_key having count(*) > 1) x)::int as "duplicateKeys",
      (select count(*) from (
        select 1 from matches where status in ${LIVE}
        group by request_id, volunteer_id having count(*) > 1) x)::int as "duplicateMatches",
      (select count(*) from matches a join matches b
        on a.volunteer_id = b.volunteer_id and a.id < b.id and a.booked_during && b.booked_during
       where a.exclusive and b.exclusive
         and a.status in ${LIVE} and b.status in ${LIVE})::int as "doubleBooked",
      (select count(*) from (
        select r.id from help_requests r join matches m on m.request_id = r.id
        where m.status in ${LIVE}
        group by r.id, r.people_needed having count(*) > r.people_needed) x)::int as overfilled`);
  return row!;
}
