import { eq } from 'drizzle-orm';
import type { Database, DbOrTx } from '@sasaeai/db/client';
import { auditEvents, users, volunteerIntroductions, volunteerProfiles } from '@sasaeai/db/schema';
import type { Introduction, VolunteerSupportView } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { volunteerDistrictIds } from '../../repositories/volunteers-repository.ts';

/**
 * A district the actor coordinates the volunteer in, by the districts they serve now. Anyone
 * else gets 404: who was introduced by a support worker is not to be guessed from a 403.
 */
async function coordinatingDistrict(
  db: DbOrTx,
  actor: SessionUser,
  volunteerId: string,
): Promise<string> {
  const districts = await volunteerDistrictIds(db, volunteerId);
  const actingIn = districts?.serving.find((districtId) =>
    canActInDistrict(actor, districtId, ['coordinator', 'admin']),
  );
  if (actingIn === undefined) throw new AppError('not_found');
  return actingIn;
}

/** The volunteer's wishes and introduction, for a coordinator of their district. */
export async function viewVolunteerSupport(
  db: Database,
  actor: SessionUser,
  volunteerId: string,
): Promise<VolunteerSupportView> {
  await coordinatingDistrict(db, actor, volunteerId);
  const [row] = await db
    .select({
      displayName: users.displayName,
      groupName: volunteerProfiles.groupName,
      firstTaskWithBuddy: volunteerProfiles.firstTaskWithBuddy,
      preferQuiet: volunteerProfiles.preferQuiet,
      organisation: volunteerIntroductions.organisation,
      phone: volunteerIntroductions.phone,
    })
    .from(volunteerProfiles)
    .innerJoin(users, eq(users.id, volunteerProfiles.userId))
    .leftJoin(volunteerIntroductions, eq(volunteerIntroductions.volunteerId, users.id))
    .where(eq(volunteerProfiles.userId, volunteerId))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return {
    id: volunteerId,
    displayName: row.groupName ?? row.displayName,
    preferences: { firstTaskWithBuddy: row.firstTaskWithBuddy, preferQuiet: row.preferQuiet },
    introducedBy:
      row.organisation === null ? null : { organisation: row.organisation, phone: row.phone },
  };
}

/** Records (or, with null, removes) the support worker's introduction. */
export async function recordIntroduction(
  db: Database,
  actor: SessionUser,
  volunteerId: string,
  introduction: Introduction | null,
): Promise<Introduction | null> {
  return db.transaction(async (tx) => {
    // The profile's lock keeps a self-service move from slipping between check and write.
    await tx
      .select({ userId: volunteerProfiles.userId })
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, volunteerId))
      .for('update');
    const districtId = await coordinatingDistrict(tx, actor, volunteerId);
    if (introduction === null) {
      await tx
        .delete(volunteerIntroductions)
        .where(eq(volunteerIntroductions.volunteerId, volunteerId));
    } else {
      const values = { ...introduction, recordedBy: actor.id };
      await tx
        .insert(volunteerIntroductions)
        .values({ volunteerId, ...values })
        .onConflictDoUpdate({ target: volunteerIntroductions.volunteerId, set: values });
    }
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: introduction ? 'volunteer.introduction_recorded' : 'volunteer.introduction_removed',
      subjectType: 'volunteer',
      subjectId: volunteerId,
      districtId,
      details: introduction ? { fields: ['organisation', 'phone'] } : {},
    });
    return introduction;
  });
}
