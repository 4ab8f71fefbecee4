import type { ConcernCaseView } from '@sasaeai/contracts';
import { jstToday } from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { findConcernSummary } from '../../repositories/concerns-repository.ts';
import { findNotes, findReferrals } from '../../repositories/concern-case-repository.ts';
import { assertReadable, canManage } from './case-access.ts';
import { concernView } from './concern-view.ts';

/** One case: the concern, its notes timeline and referrals, and whether the caller manages it. */
export async function viewConcernCase(
  db: Database,
  user: SessionUser,
  concernId: string,
  now = new Date(),
): Promise<ConcernCaseView> {
  const row = await findConcernSummary(db, concernId, jstToday(now));
  const concern = assertReadable(user, row?.concern);
  if (!row) throw new AppError('not_found');
  const [notes, referrals] = await Promise.all([
    findNotes(db, concern.id),
    findReferrals(db, concern.id),
  ]);
  return {
    concern: concernView(row),
    caseFollowUpOn: concern.followUpOn,
    notes: notes.map(({ note, author }) => ({
      id: note.id,
      kind: note.kind,
      text: note.body,
      author,
      at: note.createdAt.toISOString(),
    })),
    referrals: referrals.map((referral) => ({
      id: referral.id,
      to: referral.target,
      status: referral.status,
      note: referral.note,
      followUpOn: referral.followUpOn,
      updatedAt: referral.updatedAt.toISOString(),
    })),
    canManage: canManage(user, concern),
  };
}
