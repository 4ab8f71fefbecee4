import { eq, sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, roleAssignments, sessions, users } from '@sasaeai/db/schema';
import { perDatabase } from '../repositories/per-database.ts';
import type { SessionUser } from '../repositories/users-repository.ts';
import { DAY_MS, type SessionRecord } from './sessions.ts';
import { secretMatches, splitToken } from './session-token.ts';

export interface Authenticated {
  user: SessionUser;
  session: SessionRecord;
  /** The session slid forward: the caller re-sends the cookie. */
  renewed: boolean;
}

function buildSessionQuery(db: Database) {
  return db
    .select({
      secretHash: sessions.secretHash,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      furigana: users.furigana,
      textSize: users.textSize,
      highContrast: users.highContrast,
      role: roleAssignments.role,
      districtId: roleAssignments.districtId,
      districtCode: districts.code,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(districts, eq(districts.id, roleAssignments.districtId))
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .orderBy(roleAssignments.role, districts.code)
    .prepare('authenticate_session');
}

// Built once per database: this query runs on every API request, and building its SQL each
// time was a measurable share of the API's CPU under a surge.
const sessionQuery = perDatabase(buildSessionQuery);

/**
 * Checks a cookie token and loads its user with every role in one query, since this runs on
 * every API request. Expired sessions are deleted; a session in the second half of its life is
 * extended (sliding expiry).
 */
export async function authenticate(
  db: Database,
  token: string,
  ttlDays: number,
  now = new Date(),
): Promise<Authenticated | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const rows = await sessionQuery(db).execute({ sessionId: parts.id });
  const first = rows[0];
  if (!first || !secretMatches(parts.secret, first.secretHash)) return null;
  if (first.expiresAt.getTime() <= now.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, parts.id));
    return null;
  }
  const user: SessionUser = {
    id: first.userId,
    email: first.email,
    displayName: first.displayName,
    locale: first.locale,
    readingAids: {
      furigana: first.furigana,
      textSize: first.textSize,
      highContrast: first.highContrast,
    },
    roles: rows.flatMap((row) =>
      row.role
        ? [{ role: row.role, districtId: row.districtId, districtCode: row.districtCode }]
        : [],
    ),
  };
  const session: SessionRecord = { id: parts.id, userId: user.id, expiresAt: first.expiresAt };
  const ttlMs = ttlDays * DAY_MS;
  if (first.expiresAt.getTime() - now.getTime() >= ttlMs / 2) {
    return { user, session, renewed: false };
  }
  session.expiresAt = new Date(now.getTime() + ttlMs);
  await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, parts.id));
  return { user, session, renewed: true };
}
