import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Redis } from 'ioredis';
import type { Database } from '@sasaeai/db/client';
import { enqueueOutbox } from '@sasaeai/db/help-loop';
import { auditEvents } from '@sasaeai/db/schema';
import { countAttempt } from '../auth/attempt-limiter.ts';
import { AppError } from '../errors/app-error.ts';
import { findUserByEmail } from '../repositories/users-repository.ts';

/** Reset mails one address may be sent per hour, whoever asks. */
const MAILS_PER_ADDRESS_PER_HOUR = 3;

/** Counts the ask per address asked (hashed: Redis holds no e-mail); false once over the limit. */
async function withinMailLimit(redis: Redis, prefix: string, email: string): Promise<boolean> {
  const key = `password-reset:${encodeHexLowerCase(sha256(new TextEncoder().encode(email)))}`;
  try {
    await countAttempt(redis, prefix, [{ key, max: MAILS_PER_ADDRESS_PER_HOUR }], 60 * 60 * 1000);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') return false;
    throw error;
  }
}

/**
 * Someone asks for a password-reset mail. Whether or not the account exists, and whether or not
 * a mail goes out, the caller learns nothing. For an account, an outbox row asks the
 * notification service for the mail with the user's id only: the renderer issues the link
 * (`issuePasswordResetLink`) when it sends, so no secret waits in PostgreSQL or Redis.
 */
export async function requestPasswordReset(
  deps: { db: Database; redis: Redis; redisPrefix: string },
  email: string,
): Promise<void> {
  if (!(await withinMailLimit(deps.redis, deps.redisPrefix, email))) return;
  const user = await findUserByEmail(deps.db, email);
  if (!user) return;
  await deps.db.transaction(async (tx) => {
    await enqueueOutbox(tx, {
      topic: 'notification.requested',
      payload: {
        userId: user.id,
        kind: 'password_reset',
      },
    });
    await tx.insert(auditEvents).values({
      actorId: null,
      action: 'account.password_reset_requested',
      subjectType: 'user',
      subjectId: user.id,
    });
  });
}
