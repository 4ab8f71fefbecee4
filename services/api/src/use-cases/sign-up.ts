import type { Database } from '@sasaeai/db/client';
import { hashPassword, isConstraintViolation } from '@sasaeai/db';
import { auditEvents, users } from '@sasaeai/db/schema';
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
      await tx.insert(auditEvents).values({
        actorId: user.id,
        action: 'account.signed_up',
        subjectType: 'user',
        subjectId: user.id,
        details: { roles, privacyNoticeVersion: PRIVACY_NOTICE_VERSION },
      });
      return { created: true as const, userId: user.id };
    });
  } catch (error) {
    if (isConstraintViolation(error, 'users_email_key')) return { created: false };
    throw error;
  }
}
