import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '@sasaeai/db/client';
import {
  concernReferrals,
  concerns,
  districts,
  helpRequests,
  residentProfiles,
  users,
} from '@sasaeai/db/schema';

export type ConcernStatus = (typeof concerns.$inferSelect)['status'];
export type ConcernRow = typeof concerns.$inferSelect;

/**
 * The next follow-up of a case (JST date): its own date or the earliest of its live referrals'
 * (proposed or made: still waiting on someone). A closed case has none.
 */
export const nextFollowUp = sql<string | null>`case when ${concerns.status} = 'closed' then null
  else least(${concerns.followUpOn}, (select min(r.follow_up_on) from ${concernReferrals} r
    where r.concern_id = ${concerns.id} and r.status in ('proposed', 'made'))) end`;

const overdueOn = (today: string) =>
  sql<boolean>`coalesce(${nextFollowUp} < ${today}::date, false)`;

/** Cases with the names their views show and their next follow-up, as of `today` (JST). */
function selectCases(db: DbOrTx, today: string) {
  return db
    .select({
      concern: concerns,
      district: districts.code,
      raisedBy: users.displayName,
      residentName: residentProfiles.fullName,
      nextFollowUp: sql<string | null>`(${nextFollowUp})::text`,
      overdue: overdueOn(today),
    })
    .from(concerns)
    .innerJoin(districts, eq(districts.id, concerns.districtId))
    .innerJoin(users, eq(users.id, concerns.raisedBy))
    .innerJoin(helpRequests, eq(helpRequests.id, concerns.requestId))
    .leftJoin(residentProfiles, eq(residentProfiles.userId, helpRequests.residentId));
}

/**
 * The cases (at most 200) of some districts (all with `null`), optionally by status: overdue
 * follow-ups first, then by next follow-up date (undated last), then the newest.
 */
export async function findConcerns(
  db: Database,
  filter: {
    districtIds: string[] | null;
    status?: ConcernStatus | undefined;
    today: string;
    limit: number;
    offset: number;
  },
) {
  const conditions: SQL[] = [];
  if (filter.districtIds) conditions.push(inArray(concerns.districtId, filter.districtIds));
  if (filter.status) conditions.push(eq(concerns.status, filter.status));
  return selectCases(db, filter.today)
    .where(and(...conditions))
    .orderBy(
      desc(overdueOn(filter.today)),
      sql`${nextFollowUp} asc nulls last`,
      desc(concerns.createdAt),
      desc(concerns.id),
    )
    .limit(filter.limit)
    .offset(filter.offset);
}

/** One case with the names its view shows, or undefined. */
export async function findConcernSummary(db: DbOrTx, id: string, today: string) {
  const [row] = await selectCases(db, today).where(eq(concerns.id, id));
  return row;
}

/** The concern row locked for a change (inside a transaction). */
export async function lockConcern(tx: DbOrTx, id: string) {
  const [concern] = await tx.select().from(concerns).where(eq(concerns.id, id)).for('update');
  return concern;
}
