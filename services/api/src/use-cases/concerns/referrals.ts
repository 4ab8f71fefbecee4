import type { ReferralBody, ReferralStatus, ReferralUpdateBody } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { concernReferrals, concerns } from '@sasaeai/db/schema';
import { eq } from 'drizzle-orm';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { lockConcern } from '../../repositories/concerns-repository.ts';
import { auditCase, lockReferral } from '../../repositories/concern-case-repository.ts';
import { assertManageable, checkFollowUpDate } from './case-access.ts';

/** proposed → made → accepted / declined; any live referral may be closed (withdrawn, done). */
const NEXT: Record<ReferralStatus, readonly ReferralStatus[]> = {
  proposed: ['made', 'closed'],
  made: ['accepted', 'declined', 'closed'],
  accepted: ['closed'],
  declined: ['closed'],
  closed: [],
};

const caseClosed = () =>
  new AppError('conflict', {
    ja: 'このケースは 終了しています。再開してから 操作してください。',
    en: 'This case is closed. Reopen it first.',
  });

/** A coordinator hands the case on; an open case is in progress from then on. */
export async function addReferral(
  db: Database,
  user: SessionUser,
  concernId: string,
  body: ReferralBody,
  now = new Date(),
): Promise<{ id: string }> {
  checkFollowUpDate('body.followUpOn', body.followUpOn, now);
  return db.transaction(async (tx) => {
    const concern = assertManageable(user, await lockConcern(tx, concernId));
    if (concern.status === 'closed') throw caseClosed();
    const [referral] = await tx
      .insert(concernReferrals)
      .values({
        concernId: concern.id,
        target: body.to,
        note: body.note ?? null,
        followUpOn: body.followUpOn ?? null,
        createdBy: user.id,
      })
      .returning({ id: concernReferrals.id });
    if (!referral) throw new AppError('internal');
    if (concern.status === 'open') {
      await tx.update(concerns).set({ status: 'in_progress' }).where(eq(concerns.id, concern.id));
    }
    await auditCase(tx, {
      actorId: user.id,
      action: 'concern.referral_added',
      concernId: concern.id,
      districtId: concern.districtId,
      details: { referralId: referral.id, to: body.to },
    });
    return { id: referral.id };
  });
}

/** Moves a referral along its states (refused moves are 409) and edits its note or date. */
export async function updateReferral(
  db: Database,
  user: SessionUser,
  ids: { id: string; referralId: string },
  body: ReferralUpdateBody,
  now = new Date(),
): Promise<{ id: string; status: ReferralStatus }> {
  checkFollowUpDate('body.followUpOn', body.followUpOn, now);
  return db.transaction(async (tx) => {
    const concern = assertManageable(user, await lockConcern(tx, ids.id));
    const referral = await lockReferral(tx, ids.referralId);
    if (!referral || referral.concernId !== concern.id) throw new AppError('not_found');
    if (concern.status === 'closed') throw caseClosed();
    const status = body.status ?? referral.status;
    if (status !== referral.status && !NEXT[referral.status].includes(status)) {
      throw new AppError('conflict', {
        ja: 'つなぎの 状態を この順に 変えることは できません。',
        en: `A referral cannot move from ${referral.status} to ${status}.`,
      });
    }
    const changes = {
      status,
      ...(body.note !== undefined ? { note: body.note === '' ? null : body.note } : {}),
      ...(body.followUpOn !== undefined ? { followUpOn: body.followUpOn } : {}),
    };
    await tx.update(concernReferrals).set(changes).where(eq(concernReferrals.id, referral.id));
    await auditCase(tx, {
      actorId: user.id,
      action: 'concern.referral_updated',
      concernId: concern.id,
      districtId: concern.districtId,
      details: {
        referralId: referral.id,
        fields: Object.keys(changes).filter(
          (key) => key !== 'status' || status !== referral.status,
        ),
        from: referral.status,
        to: status,
      },
    });
    return { id: referral.id, status };
  });
}
