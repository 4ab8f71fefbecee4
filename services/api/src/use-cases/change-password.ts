import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { hashPassword, verifyPassword } from '@sasaeai/db';
import { auditEvents, users } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';

const wrongCurrent = new AppError('validation_failed', undefined, [
  {
    field: 'body.currentPassword',
    message: { ja: '今のパスワードがちがいます。', en: 'The current password is wrong.' },
  },
]);

/** Sets a new password and signs out every other session of the user. */
export async function changePassword(
  db: Database,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw wrongCurrent;
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, input.userId));
    await invalidateUserSessions(tx, input.userId, input.sessionId);
    await tx.insert(auditEvents).values({
      actorId: input.userId,
      action: 'account.password_changed',
      subjectType: 'user',
      subjectId: input.userId,
    });
  });
}
