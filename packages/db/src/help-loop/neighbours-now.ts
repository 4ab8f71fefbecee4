import { isLookingForHelpers } from '@sasaeai/core';
import { eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { auditEvents, helpRequests } from '../schema/index.ts';
import { TransitionError } from './errors.ts';
import type { LiveNotice } from './notices.ts';
import { enqueueOutbox } from './outbox.ts';
import { moveRequestTo } from './request-status.ts';

/**
 * A coordinator sends a waiting request to the neighbouring districts' volunteers now, instead
 * of waiting out the neighbour wait: the matcher runs again at once (outbox) with the
 * neighbours' volunteers eligible. A request in the inbox goes back to matching. Sending twice
 * changes nothing the second time. Audited with ids only.
 */
export async function openToNeighbours(
  db: Database,
  input: { requestId: string; actorId: string; now?: Date },
): Promise<{ notices: LiveNotice[]; opened: boolean }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select({
        status: helpRequests.status,
        districtId: helpRequests.districtId,
        residentId: helpRequests.residentId,
        neighboursOpenedAt: helpRequests.neighboursOpenedAt,
        windowEnd: helpRequests.windowEnd,
      })
      .from(helpRequests)
      .where(eq(helpRequests.id, input.requestId))
      .for('update');
    if (!request) throw new TransitionError('not_found');
    if (request.neighboursOpenedAt) return { notices: [], opened: false };
    if (!isLookingForHelpers(request.status) || request.windowEnd <= now) {
      throw new TransitionError('invalid_state');
    }
    await tx
      .update(helpRequests)
      .set({ neighboursOpenedAt: now })
      .where(eq(helpRequests.id, input.requestId));
    await tx.insert(auditEvents).values({
      actorId: input.actorId,
      action: 'help_request.neighbours_opened',
      subjectType: 'help_request',
      subjectId: input.requestId,
      districtId: request.districtId,
      details: {},
    });
    if (request.status === 'unmatched') {
      const moved = await moveRequestTo(tx, input.requestId, 'matching', {
        actorId: input.actorId,
        now,
      });
      return { notices: moved.notices, opened: true };
    }
    await enqueueOutbox(tx, {
      topic: 'help_request.changed',
      payload: { requestId: input.requestId, districtId: request.districtId },
    });
    const event = {
      type: 'help_request.changed' as const,
      requestId: input.requestId,
      status: request.status,
    };
    return {
      notices: [
        { audience: { districtId: request.districtId }, event },
        { audience: { userId: request.residentId }, event },
      ],
      opened: true,
    };
  });
}
