import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { withdrawVolunteer, type LiveNotice } from '@sasaeai/db/help-loop';
import { auditEvents, volunteerProfiles } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict } from '../plugins/app/authorization.ts';
import type { SessionUser } from '../repositories/users-repository.ts';
import { volunteerDistrictIds } from '../repositories/volunteers-repository.ts';

/** The districts of a volunteer the actor coordinates; 404 / 403 when none. */
async function coordinatedVolunteer(db: Database, actor: SessionUser, volunteerId: string) {
  const districtIds = await volunteerDistrictIds(db, volunteerId);
  if (districtIds === null) throw new AppError('not_found');
  const allowed = districtIds.some((districtId) =>
    canActInDistrict(actor, districtId, ['coordinator', 'admin']),
  );
  if (!allowed) throw new AppError('forbidden');
  return districtIds;
}

export interface VerificationChange {
  /** Live matches the volunteer gave back (a suspension withdraws them all). */
  withdrawnMatchIds: string[];
  notices: LiveNotice[];
}

/**
 * pending → active, or suspend; only a coordinator of a district the volunteer serves. A
 * suspension withdraws every live match of the volunteer in the same transaction, so the requests
 * re-enter matching and the district's coordinators hear of it.
 */
export async function verifyVolunteer(
  db: Database,
  actor: SessionUser,
  volunteerId: string,
  status: 'active' | 'suspended',
): Promise<VerificationChange> {
  const districtIds = await coordinatedVolunteer(db, actor, volunteerId);
  return db.transaction(async (tx) => {
    await tx
      .update(volunteerProfiles)
      .set({ verification: status, verifiedBy: actor.id, verifiedAt: new Date() })
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
      districtId: districtIds[0] ?? null,
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
  const districtIds = await coordinatedVolunteer(db, actor, volunteerId);
  await db.transaction(async (tx) => {
    await tx
      .update(volunteerProfiles)
      .set({ trusted })
      .where(eq(volunteerProfiles.userId, volunteerId));
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: trusted ? 'volunteer.trusted' : 'volunteer.untrusted',
      subjectType: 'volunteer',
      subjectId: volunteerId,
      districtId: districtIds[0] ?? null,
    });
  });
}
