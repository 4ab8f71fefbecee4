import { and, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import { sessions } from '@sasaeai/db/schema';
import { generateRandomId, hashSecret } from './session-token.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

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

/** The sessions still stored among these ids, with their expiry (for open live sockets). */
export async function liveSessions(db: DbOrTx, sessionIds: string[]): Promise<Map<string, Date>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await db
    .select({ id: sessions.id, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(inArray(sessions.id, sessionIds));
  return new Map(rows.map((row) => [row.id, row.expiresAt]));
}
