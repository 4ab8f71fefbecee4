import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RequestStatus } from '@sasaeai/contracts';
import { canMoveRequest, requestStatusesMovingTo } from '@sasaeai/core';
import type { Database } from '../client.ts';
import { auditEvents, helpRequests } from '../schema/index.ts';
import type { LiveNotice } from './notices.ts';
import { enqueueOutbox } from './outbox.ts';

export interface StatusChange {
  requestId: string;
  districtId: string;
  residentId: string;
  from: RequestStatus;
  to: RequestStatus;
}

/** What the district's coordinators and the resident hear about a request's new status. */
export function statusNotices(changes: readonly StatusChange[]): LiveNotice[] {
  return changes.flatMap((change) => {
    const event = {
      type: 'help_request.changed' as const,
      requestId: change.requestId,
      status: change.to,
    };
    return [
      { audience: { districtId: change.districtId }, event },
      { audience: { userId: change.residentId }, event },
    ];
  });
}

/** The timeline rows of status changes, written in one statement. */
export function statusAuditRows(changes: readonly StatusChange[], actorId: string | null = null) {
  return changes.map((change) => ({
    actorId,
    action: 'help_request.status',
    subjectType: 'help_request',
    subjectId: change.requestId,
    districtId: change.districtId,
    details: { from: change.from, to: change.to },
  }));
}

/**
 * Every open request of the district moves to matching, in one statement with its timeline
 * rows. The matcher calls this at the start of its run, so unlike a single request coming back
 * to matching it does not ask for another run.
 */
// The statement below moves open → matching; the lifecycle must allow it.
if (!canMoveRequest('open', 'matching')) throw new Error('lifecycle: open → matching refused');

export async function startMatchingInDistrict(
  db: Database,
  districtId: string,
  now = new Date(),
): Promise<{ started: number; notices: LiveNotice[] }> {
  const moved = db.$with('moved').as(
    db
      .update(helpRequests)
      .set({
        status: 'matching',
        matchingSince: sql`coalesce(${helpRequests.matchingSince}, ${now.toISOString()}::timestamptz)`,
        unmatchedReason: null,
      })
      .where(and(eq(helpRequests.districtId, districtId), eq(helpRequests.status, 'open')))
      .returning({ id: helpRequests.id, residentId: helpRequests.residentId }),
  );
  const audited = db.$with('audited', { id: sql<string>`id` }).as(
    sql`insert into ${auditEvents} (action, subject_type, subject_id, district_id, details)
        select 'help_request.status', 'help_request', id::text, ${districtId}::uuid,
               '{"from":"open","to":"matching"}'::jsonb
        from ${moved} returning id`,
  );
  const rows = await db.with(moved, audited).select().from(moved);
  const changes = rows.map((row) => ({
    requestId: row.id,
    districtId,
    residentId: row.residentId,
    from: 'open' as const,
    to: 'matching' as const,
  }));
  return { started: changes.length, notices: statusNotices(changes) };
}

/**
 * Requests the matcher cannot place go to the coordinator's inbox with the reason, in one
 * transaction for the whole batch. Requests that moved on meanwhile are left alone.
 */
export async function markUnmatchedMany(
  db: Database,
  requestIds: readonly string[],
  reason: string,
): Promise<{ changed: number; notices: LiveNotice[] }> {
  if (requestIds.length === 0) return { changed: 0, notices: [] };
  return db.transaction(async (tx) => {
    const locked = await tx
      .select({
        id: helpRequests.id,
        status: helpRequests.status,
        districtId: helpRequests.districtId,
        residentId: helpRequests.residentId,
      })
      .from(helpRequests)
      .where(
        and(
          inArray(helpRequests.id, [...requestIds].sort()),
          inArray(helpRequests.status, requestStatusesMovingTo('unmatched')),
        ),
      )
      .orderBy(helpRequests.id)
      .for('update');
    if (locked.length === 0) return { changed: 0, notices: [] };
    await tx
      .update(helpRequests)
      .set({ status: 'unmatched', unmatchedReason: reason })
      .where(
        inArray(
          helpRequests.id,
          locked.map((row) => row.id),
        ),
      );
    const changes: StatusChange[] = locked.map((row) => ({
      requestId: row.id,
      districtId: row.districtId,
      residentId: row.residentId,
      from: row.status,
      to: 'unmatched',
    }));
    await tx.insert(auditEvents).values(statusAuditRows(changes));
    await enqueueOutbox(
      tx,
      changes.map((change) => ({
        topic: 'help_request.unmatched' as const,
        payload: { requestId: change.requestId, districtId: change.districtId },
      })),
    );
    return { changed: changes.length, notices: statusNotices(changes) };
  });
}
