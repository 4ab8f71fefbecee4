import type { Database } from '@sasaeai/db/client';
import { hashPassword, isConstraintViolation } from '@sasaeai/db';
import { auditEvents, districts, users, volunteerDistricts } from '@sasaeai/db/schema';
import { eq } from 'drizzle-orm';
import { AppError } from '../errors/app-error.ts';
import { PRIVACY_NOTICE_VERSION, type SignUpBody } from '@sasaeai/contracts';
import { addRoles } from '../repositories/users-repository.ts';
import { createRoleProfiles } from './role-profiles.ts';

/**
 * Creates an account with the self-service roles chosen (resident, volunteer or both). An
 * address already registered changes nothing (`created: false`); the caller answers both alike.
 * The password is hashed either way, so both take about as long.
 */
export async function signUp(
  db: Database,
  input: SignUpBody,
): Promise<{ created: true; userId: string } | { created: false }> {
  // Checked before anything else, so a new and a registered address are still answered alike.
  const volunteerDistrictId = await volunteerDistrictOf(db, input);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email,
          passwordHash,
          displayName: input.displayName,
          locale: input.locale,
          privacyConsentAt: new Date(),
          privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
        })
        .returning({ id: users.id });
      if (!user) throw new Error('insert returned no row');
      const roles = [...new Set(input.roles)];
      await addRoles(
        tx,
        user.id,
        roles.map((role) => ({ role, districtId: null })),
        user.id,
      );
      await createRoleProfiles(tx, user.id, input.displayName, roles);
      if (volunteerDistrictId) {
        // Where they offered to help; a coordinator of that district verifies them.
        await tx
          .insert(volunteerDistricts)
          .values({ volunteerId: user.id, districtId: volunteerDistrictId });
      }
      await tx.insert(auditEvents).values({
        actorId: user.id,
        action: 'account.signed_up',
        subjectType: 'user',
        subjectId: user.id,
        details: {
          roles,
          privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
          ...(volunteerDistrictId ? { volunteerDistrict: input.volunteerDistrict } : {}),
        },
      });
      return { created: true as const, userId: user.id };
    });
  } catch (error) {
    if (isConstraintViolation(error, 'users_email_key')) return { created: false };
    throw error;
  }
}

/** The district a new volunteer chose (only a volunteer's counts); an unknown one is a 400. */
async function volunteerDistrictOf(db: Database, input: SignUpBody): Promise<string | null> {
  if (!input.volunteerDistrict || !input.roles.includes('volunteer')) return null;
  const [district] = await db
    .select({ id: districts.id })
    .from(districts)
    .where(eq(districts.code, input.volunteerDistrict));
  if (district) return district.id;
  throw new AppError('validation_failed', undefined, [
    {
      field: 'body.volunteerDistrict',
      message: { ja: 'この地区はありません。', en: 'There is no such district.' },
    },
  ]);
}
