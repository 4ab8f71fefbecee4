import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { lockVolunteers } from '../matching/locks.ts';
import { auditEvents, matches } from '../schema/index.ts';
import { TransitionError, type TransitionFailure } from './errors.ts';
import type { LiveNotice } from './notices.ts';
import { placeMatch } from './propose.ts';

const placeGone = new Set<TransitionFailure>([
  'invalid_state',
  'request_full',
  'already_on_request',
]);

/** How long after declining an offer the volunteer may take the answer back. */
export const DECLINE_UNDO_SECONDS = 120;

/**
 * 「取り消す」 right after 「ことわる」: the volunteer takes a declined offer back, within
 * `DECLINE_UNDO_SECONDS`. The request was sent back to matching at once, so the place may have
 * gone to someone else meanwhile; the offer is placed again through the same guards as a
 * coordinator's hand assignment (a free place, an active volunteer, no overlapping booking), as
 * a new offered match beside the declined one, which stays in the history. A hand-back (declined
 * from accepted) is not undone here; the volunteer asks the centre.
 */
export async function undoDecline(
  db: Database,
  input: { matchId: string; volunteerId: string; now?: Date },
): Promise<{ matchId: string; notices: LiveNotice[] }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    await lockVolunteers(tx, [input.volunteerId]);
    const [declined] = await tx
      .select()
      .from(matches)
      .where(eq(matches.id, input.matchId))
      .for('update');
    if (declined?.volunteerId !== input.volunteerId) throw new TransitionError('not_found');
    const [lastMove] = await tx
      .select({
        action: auditEvents.action,
        from: sql<string | null>`${auditEvents.details}->>'from'`,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'match'), eq(auditEvents.subjectId, input.matchId)))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    const declinedAnOffer =
      declined.status === 'declined' &&
      lastMove?.action === 'match.declined' &&
      lastMove.from === 'offered';
    if (!declinedAnOffer) throw new TransitionError('invalid_state');
    const answeredAt = declined.respondedAt?.getTime() ?? 0;
    if (now.getTime() - answeredAt > DECLINE_UNDO_SECONDS * 1000) {
      throw new TransitionError('undo_expired');
    }
    const placed = await placeMatch(tx, {
      requestId: declined.requestId,
      volunteerId: input.volunteerId,
      score: declined.score,
      breakdown: null,
      offer: true,
      actorId: input.volunteerId,
      now,
    }).catch((error: unknown) => {
      // The place went to someone else, or the request moved on, while the volunteer hesitated.
      if (error instanceof TransitionError && placeGone.has(error.reason)) {
        throw new TransitionError('no_longer_open');
      }
      throw error;
    });
    await tx.insert(auditEvents).values({
      actorId: input.volunteerId,
      action: 'match.decline_undone',
      subjectType: 'match',
      subjectId: placed.matchId,
      districtId: placed.districtId,
      details: { requestId: declined.requestId, declinedMatchId: input.matchId },
    });
    return placed;
  });
}
