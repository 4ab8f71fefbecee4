import type { ConcernCaseBody, ConcernStatus } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { concerns } from '@sasaeai/db/schema';
import { eq } from 'drizzle-orm';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { lockConcern } from '../../repositories/concerns-repository.ts';
import { auditCase } from '../../repositories/concern-case-repository.ts';
import { assertManageable, checkFollowUpDate } from './case-access.ts';

/**
 * A coordinator of the case's district (or an admin) moves it open → in progress → closed (or
 * reopens it) and sets or clears its follow-up date. Closing records who and when; the audit
 * row names the fields changed.
 */
export async function updateConcernCase(
  db: Database,
  user: SessionUser,
  concernId: string,
  body: ConcernCaseBody,
  now = new Date(),
): Promise<{ id: string; status: ConcernStatus; followUpOn: string | null }> {
  checkFollowUpDate('body.followUpOn', body.followUpOn, now);
  return db.transaction(async (tx) => {
    const concern = assertManageable(user, await lockConcern(tx, concernId));
    const status = body.status ?? concern.status;
    const followUpOn = body.followUpOn === undefined ? concern.followUpOn : body.followUpOn;
    const closing = status === 'closed' && concern.status !== 'closed';
    const reopening = status !== 'closed' && concern.status === 'closed';
    await tx
      .update(concerns)
      .set({
        status,
        followUpOn,
        ...(closing ? { followedUpBy: user.id, followedUpAt: now } : {}),
        ...(reopening ? { followedUpBy: null, followedUpAt: null } : {}),
      })
      .where(eq(concerns.id, concern.id));
    const fields = [
      ...(status !== concern.status ? ['status'] : []),
      ...(followUpOn !== concern.followUpOn ? ['followUpOn'] : []),
    ];
    if (fields.length > 0) {
      await auditCase(tx, {
        actorId: user.id,
        action: 'concern.updated',
        concernId: concern.id,
        districtId: concern.districtId,
        details: { fields, from: concern.status, to: status },
      });
    }
    return { id: concern.id, status, followUpOn };
  });
}
