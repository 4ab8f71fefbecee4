import type { DbOrTx } from '@sasaeai/db/client';
import { checkActionToken } from '@sasaeai/db/action-links';
import { translateActionLink } from '../errors/action-link-errors.ts';

export const resetPurpose = ['password.reset'] as const;

/** Whether a reset link still works (for the page, before the person types a new password). */
export async function checkPasswordResetLink(
  db: DbOrTx,
  token: string,
): Promise<{ expiresAt: string }> {
  const link = await translateActionLink(checkActionToken(db, token, resetPurpose));
  return { expiresAt: link.expiresAt.toISOString() };
}
