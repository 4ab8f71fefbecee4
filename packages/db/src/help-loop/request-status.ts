import { eq } from 'drizzle-orm';
import type { RequestStatus } from '@sasaeai/contracts';
import { canMoveRequest, deriveRequestStatus } from '@sasaeai/core';
import type { Tx } from '../client.ts';
import { auditEvents, helpRequests, matches } from '../schema/index.ts';
import { illegalMove } from './errors.ts';
import { enqueueOutbox } from './outbox.ts';
import type { LiveNotice } from './notices.ts';

export { deriveRequestStatus };

type MoveOptions = { actorId?: string | null; now?: Date };
type Moved = { from: RequestStatus; to: RequestStatus; notices: LiveNotice[] };

/**
 * Moves the request to `to` inside the caller's transaction, checked against the lifecycle:
 * an illegal move throws `TransitionError('invalid_state')` (409) and changes nothing; staying
 * where it is changes nothing. Records the change for the timeline and, when the request goes
 * back to matching, asks the matcher to run again.
 */
export async function moveRequestTo(
  tx: Tx,
  requestId: string,
  to: RequestStatus,
  options: MoveOptions = {},
): Promise<Moved> {
  const [request] = await tx.select().from(helpRequests).where(eq(helpRequests.id, requestId));
  if (!request) throw new Error(`request ${requestId} vanished`);
  return applyMove(tx, request, to, options);
}

/** Recomputes the request's status from its matches and moves it there (checked, as above). */
export async function refreshRequestStatus(
  tx: Tx,
  requestId: string,
  options: MoveOptions = {},
): Promise<Moved> {
  const [request] = await tx.select().from(helpRequests).where(eq(helpRequests.id, requestId));
  if (!request) throw new Error(`request ${requestId} vanished`);
  const rows = await tx
    .select({ status: matches.status, exclusive: matches.exclusive })
    .from(matches)
    .where(eq(matches.requestId, requestId));
  const to = deriveRequestStatus(request.status, request.peopleNeeded, rows);
  return applyMove(tx, request, to, options);
}

async function applyMove(
  tx: Tx,
  request: typeof helpRequests.$inferSelect,
  to: RequestStatus,
  options: MoveOptions,
): Promise<Moved> {
  const from = request.status;
  const requestId = request.id;
  if (to === from) return { from, to, notices: [] };
  if (!canMoveRequest(from, to)) throw illegalMove({ entity: 'request', from, to });
  const now = options.now ?? new Date();
  await tx
    .update(helpRequests)
    .set({
      status: to,
      ...(to === 'matching'
        ? { matchingSince: request.matchingSince ?? now, unmatchedReason: null }
        : {}),
    })
    .where(eq(helpRequests.id, requestId));
  await tx.insert(auditEvents).values({
    actorId: options.actorId ?? null,
    action: 'help_request.status',
    subjectType: 'help_request',
    subjectId: requestId,
    districtId: request.districtId,
    details: { from, to },
  });
  if (to === 'matching') {
    await enqueueOutbox(tx, {
      topic: 'help_request.changed',
      payload: {
        requestId,
        districtId: request.districtId,
      },
    });
  }
  const event = { type: 'help_request.changed' as const, requestId, status: to };
  return {
    from,
    to,
    notices: [
      { audience: { districtId: request.districtId }, event },
      { audience: { userId: request.residentId }, event },
    ],
  };
}
