import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '@sasaeai/db/client';
import {
  auditEvents,
  concerns,
  districts,
  helpRequests,
  residentProfiles,
  users,
} from '@sasaeai/db/schema';

export type ConcernStatus = (typeof concerns.$inferSelect)['status'];

/** The newest concerns (at most 200) of some districts (all with `null`), optionally by status. */
export async function findConcerns(
  db: Database,
  filter: { districtIds: string[] | null; status?: ConcernStatus | undefined },
) {
  const conditions: SQL[] = [];
  if (filter.districtIds) conditions.push(inArray(concerns.districtId, filter.districtIds));
  if (filter.status) conditions.push(eq(concerns.status, filter.status));
  return db
    .select({
      concern: concerns,
      district: districts.code,
      raisedBy: users.displayName,
      residentName: residentProfiles.fullName,
    })
    .from(concerns)
    .innerJoin(districts, eq(districts.id, concerns.districtId))
    .innerJoin(users, eq(users.id, concerns.raisedBy))
    .innerJoin(helpRequests, eq(helpRequests.id, concerns.requestId))
    .leftJoin(residentProfiles, eq(residentProfiles.userId, helpRequests.residentId))
    .where(and(...conditions))
    .orderBy(desc(concerns.createdAt))
    .limit(200);
}

export async function findConcern(db: DbOrTx, id: string) {
  const [concern] = await db.select().from(concerns).where(eq(concerns.id, id));
  return concern;
}

/** Marks a concern followed up and writes its audit row, in one transaction. */
export async function markConcernFollowedUp(
  db: Database,
  concern: { id: string; districtId: string },
  actorId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(concerns)
      .set({ status: 'followed_up', followedUpBy: actorId, followedUpAt: new Date() })
      .where(eq(concerns.id, concern.id));
    await tx.insert(auditEvents).values({
      actorId,
      action: 'concern.followed_up',
      subjectType: 'concern',
      subjectId: concern.id,
      districtId: concern.districtId,
    });
  });
}
