import { eq } from 'drizzle-orm';
import { hashPassword } from '@sasaeai/db';
import type { Database } from '@sasaeai/db/client';
import { checkActionToken, useActionToken } from '@sasaeai/db/action-links';
import { auditEvents, users } from '@sasaeai/db/schema';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { translateActionLink } from '../errors/action-link-errors.ts';
import { checkPasswordResetLink, resetPurpose } from './check-password-reset-link.ts';

/**
 * Sets a new password from a reset link: every session of the account ends (whoever had it is
 * signed out), the link and any other reset link of the account are used up, all at once.
 */
export async function resetPassword(
  db: Database,
  token: string,
  newPassword: string,
): Promise<{ userId: string }> {
  // Check first, so a dead link costs no argon2 work; then again under a lock with the update.
  await checkPasswordResetLink(db, token);
  const passwordHash = await hashPassword(newPassword);
  return translateActionLink(
    db.transaction(async (tx) => {
      const link = await checkActionToken(tx, token, resetPurpose, { lock: true });
      await tx.update(users).set({ passwordHash }).where(eq(users.id, link.userId));
      await invalidateUserSessions(tx, link.userId);
      await useActionToken(tx, link);
      await tx.insert(auditEvents).values({
        actorId: link.userId,
        action: 'account.password_reset',
        subjectType: 'user',
        subjectId: link.userId,
      });
      return { userId: link.userId };
    }),
  );
}
