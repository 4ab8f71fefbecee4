import type { Database } from '@sasaeai/db/client';
import { hashPassword, isConstraintViolation } from '@sasaeai/db';
import { auditEvents, users } from '@sasaeai/db/schema';
import type { SignUpBody } from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { addRoles } from '../repositories/users-repository.ts';
import { createRoleProfiles } from './role-profiles.ts';

const emailTaken = new AppError(
  'conflict',
  {
    ja: 'このメールアドレスはすでに登録されています。',
    en: 'This email address is already registered.',
  },
  [
    {
      field: 'body.email',
      message: {
        ja: 'このメールアドレスはすでに登録されています。',
        en: 'This email address is already registered.',
      },
    },
  ],
);

/** Creates an account with the self-service roles chosen (resident, volunteer or both). */
export async function signUp(db: Database, input: SignUpBody): Promise<{ userId: string }> {
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
        details: { roles },
      });
      return { userId: user.id };
    });
  } catch (error) {
    if (isConstraintViolation(error, 'users_email_key')) throw emailTaken;
    throw error;
  }
}
