import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import { districts, roleAssignments, users } from '@sasaeai/db/schema';
import type { Locale, Me, ReadingAids, Role } from '@sasaeai/contracts';

export interface RoleGrant {
  role: Role;
  districtId: string | null;
  districtCode: string | null;
}

export interface SessionUser {
  id: string;
  email: string | null;
  displayName: string;
  locale: Locale;
  roles: RoleGrant[];
  readingAids: ReadingAids;
}

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row ?? null;
}

export async function loadSessionUser(db: DbOrTx, userId: string): Promise<SessionUser | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) return null;
  const grants = await db
    .select({
      role: roleAssignments.role,
      districtId: roleAssignments.districtId,
      districtCode: districts.code,
    })
    .from(roleAssignments)
    .leftJoin(districts, eq(districts.id, roleAssignments.districtId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(roleAssignments.role, districts.code);
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    roles: grants,
    readingAids: {
      furigana: user.furigana,
      textSize: user.textSize,
      highContrast: user.highContrast,
    },
  };
}

export function toMe(user: SessionUser): Me {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    roles: user.roles.map((grant) => ({ role: grant.role, district: grant.districtCode })),
    readingAids: user.readingAids,
  };
}

export async function addRoles(
  db: DbOrTx,
  userId: string,
  grants: { role: Role; districtId: string | null }[],
  grantedBy: string | null,
): Promise<void> {
  if (grants.length === 0) return;
  await db
    .insert(roleAssignments)
    .values(grants.map((grant) => ({ userId, ...grant, grantedBy })))
    .onConflictDoNothing({
      target: [roleAssignments.userId, roleAssignments.role, roleAssignments.districtId],
    });
}

export async function districtIdsByCode(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ id: districts.id, code: districts.code })
    .from(districts)
    .where(inArray(districts.code, codes));
  return new Map(rows.map((row) => [row.code, row.id]));
}

export async function userExists(db: DbOrTx, userId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(users)
    .where(and(eq(users.id, userId)))
    .limit(1);
  return rows.length > 0;
}

/** Stores a person's reading aids (ふりがな, text size, contrast). */
export async function saveReadingAids(
  db: DbOrTx,
  userId: string,
  aids: ReadingAids,
): Promise<void> {
  await db
    .update(users)
    .set({
      furigana: aids.furigana,
      textSize: aids.textSize,
      highContrast: aids.highContrast,
    })
    .where(eq(users.id, userId));
}
