import { and, eq } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import { moveMatch, type LiveNotice } from '@sasaeai/db/help-loop';
import { lockVolunteers } from '@sasaeai/db/matching';
import { auditEvents, helpRequests, matches, seasonPairings } from '@sasaeai/db/schema';
import type { SeasonPairing, SeasonPairingChange, SeasonPairingStatus } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { helperShownName, registrationWithDistrict, toPairingView } from './pairing-view.ts';

const allowed: Record<SeasonPairingStatus, SeasonPairingStatus[]> = {
  active: ['paused', 'ended'],
  paused: ['active', 'ended'],
  ended: [],
};

/**
 * Pause, resume or end a pairing: the household, the helper, or a coordinator of the
 * household's district; anyone else is told it does not exist. While it is not active the
 * household's snow requests go to ordinary matching: an offer the helper has not answered yet
 * is withdrawn (the request looks again at once); a task they accepted stays theirs.
 */
export async function changeSeasonPairing(
  db: Database,
  actor: SessionUser,
  pairingId: string,
  change: SeasonPairingChange,
  now: Date = new Date(),
): Promise<{ pairing: SeasonPairing; notices: LiveNotice[] }> {
  const notices: LiveNotice[] = [];
  const row = await db.transaction(async (tx) => {
    const [pairing] = await tx
      .select()
      .from(seasonPairings)
      .where(eq(seasonPairings.id, pairingId))
      .for('update');
    if (!pairing) throw new AppError('not_found');
    const registration = await registrationWithDistrict(tx, pairing.winterRegistrationId);
    const side =
      pairing.helperId === actor.id
        ? 'helper'
        : registration?.residentId === actor.id
          ? 'household'
          : registration?.districtId &&
              canActInDistrict(actor, registration.districtId, ['coordinator', 'admin'])
            ? 'coordinator'
            : null;
    if (!side) throw new AppError('not_found');
    if (pairing.status === change.status) return pairing;
    if (!allowed[pairing.status].includes(change.status)) {
      throw new AppError('conflict', {
        ja: '終わった組み合わせは変更できません。',
        en: 'An ended pairing cannot be changed.',
      });
    }
    const resumed = change.status === 'active';
    const [updated] = await tx
      .update(seasonPairings)
      .set({
        status: change.status,
        changedBy: actor.id,
        reason: resumed ? null : (change.reason ?? null),
        endedAt: change.status === 'ended' ? now : null,
      })
      .where(eq(seasonPairings.id, pairingId))
      .returning();
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: `season_pairing.${change.status}`,
      subjectType: 'season_pairing',
      subjectId: pairingId,
      districtId: registration?.districtId ?? null,
      details: { from: pairing.status, by: side, reason: change.reason ?? null },
    });
    if (!resumed) notices.push(...(await withdrawPairOffers(tx, updated!, actor.id)));
    return updated!;
  });
  return { pairing: toPairingView(row, await helperShownName(db, row.helperId)), notices };
}

/** Cancels the helper's unanswered offers on the household's snow requests. */
async function withdrawPairOffers(
  tx: Tx,
  pairing: typeof seasonPairings.$inferSelect,
  actorId: string,
): Promise<LiveNotice[]> {
  await lockVolunteers(tx, [pairing.helperId]);
  const offered = await tx
    .select({ id: matches.id })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(
      and(
        eq(matches.volunteerId, pairing.helperId),
        eq(matches.status, 'offered'),
        eq(helpRequests.winterRegistrationId, pairing.winterRegistrationId),
      ),
    )
    .orderBy(matches.id);
  const notices: LiveNotice[] = [];
  for (const { id } of offered) {
    notices.push(...(await moveMatch(tx, id, 'cancelled', actorId)).notices);
  }
  return notices;
}
