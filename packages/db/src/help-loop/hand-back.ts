import { eq } from 'drizzle-orm';
import type { VolunteerReason } from '@sasaeai/contracts';
import type { Database } from '../client.ts';
import { auditEvents, helpRequests, matches } from '../schema/index.ts';
import { TransitionError } from './errors.ts';
import type { LiveNotice } from './notices.ts';
import { expectMatchStatus, moveMatch } from './transitions.ts';

export interface HandBackInput {
  matchId: string;
  volunteerId: string;
  reason?: VolunteerReason | undefined;
  now?: Date;
}

/**
 * 「行けなくなりました」: the volunteer gives back a task they accepted, before its window ends.
 * The match is declined (so the matcher leaves this volunteer out of the request, and the
 * resident hears "looking for another helper" through the notification plan's `declined`), the
 * request goes back to matching at once through its outbox row, and the hand-back is audited
 * with the reason's code only.
 */
export async function handBackTask(
  db: Database,
  input: HandBackInput,
): Promise<{ notices: LiveNotice[] }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [task] = await tx
      .select({ volunteerId: matches.volunteerId, windowEnd: helpRequests.windowEnd })
      .from(matches)
      .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
      .where(eq(matches.id, input.matchId));
    if (task?.volunteerId !== input.volunteerId) throw new TransitionError('not_found');
    if (task.windowEnd <= now) throw new TransitionError('invalid_state');
    await expectMatchStatus(tx, input.matchId, 'accepted');
    const result = await moveMatch(
      tx,
      input.matchId,
      'declined',
      input.volunteerId,
      { respondedAt: now },
      now,
    );
    await tx.insert(auditEvents).values({
      actorId: input.volunteerId,
      action: 'match.handed_back',
      subjectType: 'match',
      subjectId: input.matchId,
      districtId: result.districtId,
      details: { requestId: result.match.requestId, reason: input.reason ?? null },
    });
    return { notices: result.notices };
  });
}
