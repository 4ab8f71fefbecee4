import { and, arrayOverlaps, desc, eq } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import { isConstraintViolation } from '@sasaeai/db';
import { auditEvents, deletionRequests, residentProfiles, users } from '@sasaeai/db/schema';
import type { MyDeletionRequest } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { volunteerDistrictIds } from '../../repositories/volunteers-repository.ts';

type Row = typeof deletionRequests.$inferSelect;

export function toMyDeletionRequest(row: Row): MyDeletionRequest {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    requestedAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** The person's latest deletion request, if any. */
export async function myDeletionRequest(db: Database, userId: string): Promise<Row | null> {
  const [row] = await db
    .select()
    .from(deletionRequests)
    .where(eq(deletionRequests.userId, userId))
    .orderBy(desc(deletionRequests.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * The person asks for their account to be deleted. Asking twice while one is open returns the
 * open one. The districts come from their records, so the right centre sees the request.
 */
export async function requestDeletion(db: Database, user: SessionUser): Promise<Row> {
  const [resident] = await db
    .select({ districtId: residentProfiles.districtId })
    .from(residentProfiles)
    .where(eq(residentProfiles.userId, user.id));
  const volunteer = await volunteerDistrictIds(db, user.id);
  const districtIds = [
    ...new Set(
      [
        resident?.districtId,
        ...(volunteer?.serving ?? []),
        ...(volunteer?.verifiedIn ?? []),
      ].filter((id): id is string => typeof id === 'string'),
    ),
  ];
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(deletionRequests)
        .values({ userId: user.id, districtIds })
        .returning();
      await tx.insert(auditEvents).values({
        actorId: user.id,
        action: 'account.deletion_requested',
        subjectType: 'user',
        subjectId: user.id,
        districtId: districtIds[0] ?? null,
        details: { deletionRequestId: row!.id },
      });
      return row!;
    });
  } catch (error) {
    if (!isConstraintViolation(error, 'deletion_requests_one_open')) throw error;
    const open = await myDeletionRequest(db, user.id);
    if (!open) throw error;
    return open;
  }
}

export interface PendingDeletion {
  id: string;
  userId: string;
  displayName: string;
  requestedAt: string;
}

/**
 * Open deletion requests a coordinator may carry out: those of people in their districts (an
 * admin sees every one). People with no district can only be handled by an admin.
 */
export async function pendingDeletions(
  db: Database,
  actor: SessionUser,
): Promise<PendingDeletion[]> {
  const admin = hasRole(actor, 'admin');
  const mine = districtIdsFor(actor, 'coordinator');
  if (!admin && mine.length === 0) return [];
  const rows = await db
    .select({ request: deletionRequests, displayName: users.displayName })
    .from(deletionRequests)
    .innerJoin(users, eq(users.id, deletionRequests.userId))
    .where(
      and(
        eq(deletionRequests.status, 'requested'),
        admin ? undefined : arrayOverlaps(deletionRequests.districtIds, mine),
      ),
    )
    .orderBy(deletionRequests.createdAt)
    .limit(200);
  return rows.map(({ request, displayName }) => ({
    id: request.id,
    userId: request.userId,
    displayName,
    requestedAt: request.createdAt.toISOString(),
  }));
}

/** 404 unless the actor may decide this request (its person is in one of their districts). */
export function mayDecide(actor: SessionUser, row: Row): boolean {
  if (hasRole(actor, 'admin')) return true;
  const mine = new Set(districtIdsFor(actor, 'coordinator'));
  return row.districtIds.some((id) => mine.has(id));
}

export async function lockOpenRequest(tx: Tx, actor: SessionUser, id: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(deletionRequests)
    .where(eq(deletionRequests.id, id))
    .for('update');
  if (!row || !mayDecide(actor, row)) throw new AppError('not_found');
  if (row.status !== 'requested') {
    throw new AppError('conflict', {
      ja: 'この申し込みは すでに 処理されています。',
      en: 'This request has already been dealt with.',
    });
  }
  return row;
}

/** Refuses a deletion request with a reason the person will see. */
export async function refuseDeletion(
  db: Database,
  actor: SessionUser,
  id: string,
  reason: string,
): Promise<Row> {
  return db.transaction(async (tx) => {
    await lockOpenRequest(tx, actor, id);
    const [row] = await tx
      .update(deletionRequests)
      .set({ status: 'refused', reason, decidedBy: actor.id, decidedAt: new Date() })
      .where(eq(deletionRequests.id, id))
      .returning();
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'account.deletion_refused',
      subjectType: 'user',
      subjectId: row!.userId,
      districtId: row!.districtIds[0] ?? null,
      details: { deletionRequestId: id },
    });
    return row!;
  });
}
