import { eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { auditEvents, helpRequests, matches } from '../schema/index.ts';
import { TransitionError } from './errors.ts';
import type { LiveNotice } from './notices.ts';
import { enqueueOutbox } from './outbox.ts';
import { moveRequestTo } from './request-status.ts';
import { expectMatchStatus, moveMatch } from './transitions.ts';

/**
 * A coordinator records that an accepted volunteer did not come, once the task's window has
 * started. The match becomes `no_show` (the matcher never proposes them for this request again);
 * the request looks again while its window is still open, otherwise (or when the coordinator
 * asks) it goes to the inbox with the reason `no_show`. Audited, with outbox rows either way.
 */
export async function recordNoShow(
  db: Database,
  input: { matchId: string; actorId: string; toInbox?: boolean; now?: Date },
): Promise<{ notices: LiveNotice[]; next: 'matching' | 'unmatched' }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [task] = await tx
      .select({ windowStart: helpRequests.windowStart, windowEnd: helpRequests.windowEnd })
      .from(matches)
      .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
      .where(eq(matches.id, input.matchId));
    if (!task) throw new TransitionError('not_found');
    if (task.windowStart > now) throw new TransitionError('invalid_state');
    await expectMatchStatus(tx, input.matchId, 'accepted');
    const result = await moveMatch(tx, input.matchId, 'no_show', input.actorId, {}, now);
    const requestId = result.match.requestId;
    await tx.insert(auditEvents).values({
      actorId: input.actorId,
      action: 'match.no_show_recorded',
      subjectType: 'match',
      subjectId: input.matchId,
      districtId: result.districtId,
      details: { requestId },
    });
    const notices = [...result.notices];
    const [request] = await tx
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    const looking = request!.status === 'matching';
    if (looking && (input.toInbox || task.windowEnd <= now)) {
      await tx
        .update(helpRequests)
        .set({ unmatchedReason: 'no_show' })
        .where(eq(helpRequests.id, requestId));
      const status = await moveRequestTo(tx, requestId, 'unmatched', {
        actorId: input.actorId,
        now,
      });
      await enqueueOutbox(tx, {
        topic: 'help_request.unmatched',
        payload: { requestId, districtId: result.districtId },
      });
      notices.push(...status.notices);
      return { notices, next: 'unmatched' as const };
    }
    return { notices, next: 'matching' as const };
  });
}
