import { eq } from 'drizzle-orm';
import type { MatchStatus, RequestStatus } from '@sasaeai/contracts';
import type { Tx } from '../client.ts';
import { auditEvents, helpRequests, matches } from '../schema/index.ts';
import { enqueueOutbox } from './outbox.ts';
import type { LiveNotice } from './notices.ts';

const stageOfMatch: Partial<Record<MatchStatus, { status: RequestStatus; rank: number }>> = {
  proposed: { status: 'proposed', rank: 0 },
  approved: { status: 'approved', rank: 1 },
  offered: { status: 'approved', rank: 1 },
  accepted: { status: 'accepted', rank: 2 },
  completed: { status: 'done', rank: 3 },
};

/**
 * A request's status follows from its matches: once its helpers are all found, it is as far
 * along as its least advanced match; until then it is (still) being matched. A group match
 * covers every place (the matcher only proposes groups big enough).
 */
export function deriveRequestStatus(
  current: RequestStatus,
  peopleNeeded: number,
  matchRows: { status: MatchStatus; exclusive: boolean }[],
): RequestStatus {
  if (current === 'cancelled' || current === 'done') return current;
  const active = matchRows.filter((row) => stageOfMatch[row.status] !== undefined);
  const covered = active.some((row) => !row.exclusive) ? peopleNeeded : active.length;
  if (covered >= peopleNeeded && active.length > 0) {
    const least = active
      .map((row) => stageOfMatch[row.status]!)
      .reduce((a, b) => (b.rank < a.rank ? b : a));
    return least.status;
  }
  if (current === 'unmatched' || current === 'open') return current;
  return 'matching';
}

/**
 * Recomputes and stores the request's status inside the caller's transaction, recording the
 * change for the timeline and, when it goes back to matching, asking the matcher to run again.
 */
export async function refreshRequestStatus(
  tx: Tx,
  requestId: string,
  options: { actorId?: string | null; forceStatus?: RequestStatus; now?: Date } = {},
): Promise<{ from: RequestStatus; to: RequestStatus; notices: LiveNotice[] }> {
  const [request] = await tx.select().from(helpRequests).where(eq(helpRequests.id, requestId));
  if (!request) throw new Error(`request ${requestId} vanished`);
  const rows = await tx
    .select({ status: matches.status, exclusive: matches.exclusive })
    .from(matches)
    .where(eq(matches.requestId, requestId));
  const to = options.forceStatus ?? deriveRequestStatus(request.status, request.peopleNeeded, rows);
  const from = request.status;
  if (to === from) return { from, to, notices: [] };
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
    await enqueueOutbox(tx, 'help_request.changed', {
      requestId,
      districtId: request.districtId,
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
