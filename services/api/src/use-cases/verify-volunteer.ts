import { eq } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import { withdrawVolunteer, type LiveNotice } from '@sasaeai/db/help-loop';
import { auditEvents, volunteerProfiles } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict } from '../auth/permissions.ts';
import type { SessionUser } from '../repositories/users-repository.ts';
import { volunteerDistrictIds } from '../repositories/volunteers-repository.ts';

/**
 * Locks the volunteer's profile for the caller's transaction (so a self-service move cannot slip
 * in between the check and the change) and finds the districts the actor coordinates them
 * through; 404 / 403 when none. Activating and trust belong to the districts served now; a
 * suspension also to those served when last verified, so moving away does not escape the
 * coordinator who vouched for the volunteer.
 */
async function coordinatedVolunteer(
  tx: Tx,
  actor: SessionUser,
  volunteerId: string,
  action: 'activate' | 'suspend' | 'trust',
) {
  await tx
    .select({ userId: volunteerProfiles.userId })
    .from(volunteerProfiles)
    .where(eq(volunteerProfiles.userId, volunteerId))
    .for('update');
  const districts = await volunteerDistrictIds(tx, volunteerId);
  if (districts === null) throw new AppError('not_found');
  const reach =
    action === 'suspend'
      ? [...new Set([...districts.serving, ...districts.verifiedIn])]
      : districts.serving;
  const actingIn = reach.find((districtId) =>
    canActInDistrict(actor, districtId, ['coordinator', 'admin']),
  );
  if (actingIn === undefined) throw new AppError('forbidden');
  return { serving: districts.serving, actingIn };
}

export interface VerificationChange {
  /** Live matches the volunteer gave back (a suspension withdraws them all). */
  withdrawnMatchIds: string[];
  notices: LiveNotice[];
}

/**
 * pending → active, or suspend. Activating records the districts served as those verified. A
 * suspension withdraws every live match of the volunteer in the same transaction, so the requests
 * re-enter matching and the district's coordinators hear of it.
 */
export async function verifyVolunteer(
  db: Database,
  actor: SessionUser,
  volunteerId: string,
  status: 'active' | 'suspended',
): Promise<VerificationChange> {
  return db.transaction(async (tx) => {
    const districts = await coordinatedVolunteer(
      tx,
      actor,
      volunteerId,
      status === 'active' ? 'activate' : 'suspend',
    );
    await tx
      .update(volunteerProfiles)
      .set({
        verification: status,
        verifiedBy: actor.id,
        verifiedAt: new Date(),
        ...(status === 'active' ? { verifiedDistrictIds: districts.serving } : {}),
      })
      .where(eq(volunteerProfiles.userId, volunteerId));
    const withdrawn =
      status === 'suspended'
        ? await withdrawVolunteer(tx, volunteerId, actor.id)
        : { matchIds: [], notices: [] };
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: `volunteer.${status === 'active' ? 'verified' : 'suspended'}`,
      subjectType: 'volunteer',
      subjectId: volunteerId,
      districtId: districts.actingIn,
      details: status === 'suspended' ? { withdrawnMatchIds: withdrawn.matchIds } : {},
    });
    return { withdrawnMatchIds: withdrawn.matchIds, notices: withdrawn.notices };
  });
}

/** Trusted volunteers' proposals skip the approval queue where the district allows it. */
export async function setVolunteerTrust(
  db: Database,
  actor: SessionUser,
  volunteerId: string,
  trusted: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    const districts = await coordinatedVolunteer(tx, actor, volunteerId, 'trust');
    await tx
      .update(volunteerProfiles)
      .set({ trusted })
      .where(eq(volunteerProfiles.userId, volunteerId));
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: trusted ? 'volunteer.trusted' : 'volunteer.untrusted',
      subjectType: 'volunteer',
      subjectId: volunteerId,
      districtId: districts.actingIn,
    });
  });
}
