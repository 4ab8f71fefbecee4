import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import { auditEvents, concernNotes, concernReferrals, users } from '@sasaeai/db/schema';

/** A case's notes, oldest first, with their authors' display names. */
export async function findNotes(db: DbOrTx, concernId: string) {
  return db
    .select({ note: concernNotes, author: users.displayName })
    .from(concernNotes)
    .innerJoin(users, eq(users.id, concernNotes.authorId))
    .where(eq(concernNotes.concernId, concernId))
    .orderBy(asc(concernNotes.createdAt), asc(concernNotes.id));
}

export async function findReferrals(db: DbOrTx, concernId: string) {
  return db
    .select()
    .from(concernReferrals)
    .where(eq(concernReferrals.concernId, concernId))
    .orderBy(asc(concernReferrals.createdAt), asc(concernReferrals.id));
}

export async function lockReferral(tx: DbOrTx, id: string) {
  const [row] = await tx
    .select()
    .from(concernReferrals)
    .where(eq(concernReferrals.id, id))
    .for('update');
  return row;
}

/** An audit row of a case change: ids and field names only, never the text. */
export async function auditCase(
  tx: DbOrTx,
  entry: {
    actorId: string;
    action: string;
    concernId: string;
    districtId: string;
    details: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(auditEvents).values({
    actorId: entry.actorId,
    action: entry.action,
    subjectType: 'concern',
    subjectId: entry.concernId,
    districtId: entry.districtId,
    details: entry.details,
  });
}
