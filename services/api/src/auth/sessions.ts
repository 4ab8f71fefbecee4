import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import { sessions } from '@sasaeai/db/schema';
import { generateRandomId, hashSecret, secretMatches, splitToken } from './session-token.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SessionRecord {
  id: string;
  userId: string;
  expiresAt: Date;
}

export async function createSession(
  db: DbOrTx,
  userId: string,
  ttlDays: number,
  now = new Date(),
): Promise<{ token: string; session: SessionRecord }> {
  const id = generateRandomId();
  const secret = generateRandomId();
  const expiresAt = new Date(now.getTime() + ttlDays * DAY_MS);
  await db.insert(sessions).values({ id, secretHash: hashSecret(secret), userId, expiresAt });
  return { token: `${id}.${secret}`, session: { id, userId, expiresAt } };
}

/**
 * Checks a cookie token. Expired sessions are deleted; a session in the second half of its
 * life is extended (sliding expiry), and `renewed` tells the caller to re-send the cookie.
 */
export async function validateSessionToken(
  db: DbOrTx,
  token: string,
  ttlDays: number,
  now = new Date(),
): Promise<{ session: SessionRecord; renewed: boolean } | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const [row] = await db.select().from(sessions).where(eq(sessions.id, parts.id)).limit(1);
  if (!row || !secretMatches(parts.secret, row.secretHash)) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, row.id));
    return null;
  }
  const session: SessionRecord = { id: row.id, userId: row.userId, expiresAt: row.expiresAt };
  const ttlMs = ttlDays * DAY_MS;
  if (row.expiresAt.getTime() - now.getTime() < ttlMs / 2) {
    session.expiresAt = new Date(now.getTime() + ttlMs);
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, row.id));
    return { session, renewed: true };
  }
  return { session, renewed: false };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Revokes every session of a user, except the one given (used on password change). */
export async function invalidateUserSessions(
  db: DbOrTx,
  userId: string,
  exceptSessionId?: string,
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
        : eq(sessions.userId, userId),
    );
}
