import { inArray, sql } from 'drizzle-orm';
import type { Role } from '@sasaeai/contracts';
import type { DbOrTx } from '../client.ts';
import {
  residentProfiles,
  roleAssignments,
  users,
  volunteerAvailability,
  volunteerDistricts,
  volunteerProfiles,
} from '../schema/index.ts';
import { fromExcluded } from './sql.ts';

/**
 * Bulk writers shared by the demo accounts and the generated demo people. Every user written
 * here is flagged `is_demo`, so demo data can be found (and refused in production) as a whole.
 * Re-running converges on the given rows: users upsert by e-mail, profiles by user, and a
 * user's role assignments, districts served and availability are replaced by the given sets.
 */

export interface UserSeed {
  email: string;
  displayName: string;
  /** null: the account cannot log in. */
  passwordHash: string | null;
}

/** Upserts users by (lower-cased) e-mail; returns user ids by e-mail. */
export async function upsertUsers(
  db: DbOrTx,
  rows: readonly UserSeed[],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const values = rows.map((row) => ({
    email: row.email.toLowerCase(),
    displayName: row.displayName,
    passwordHash: row.passwordHash,
    locale: 'ja' as const,
    isDemo: true,
  }));
  const written = await db
    .insert(users)
    .values(values)
    .onConflictDoUpdate({
      target: users.email,
      targetWhere: sql`${users.email} is not null`,
      set: fromExcluded(users, ['displayName', 'passwordHash', 'locale', 'isDemo']),
    })
    .returning({ id: users.id, email: users.email });
  return new Map(written.map((row) => [row.email as string, row.id]));
}

export interface RoleSeed {
  userId: string;
  role: Role;
  /** Coordinators only; null for every other role. */
  districtId: string | null;
  grantedBy?: string | null;
}

/** Makes each listed user's role assignments exactly the given ones. */
export async function replaceRoles(
  db: DbOrTx,
  userIds: readonly string[],
  roles: readonly RoleSeed[],
): Promise<void> {
  if (userIds.length === 0) return;
  if (roles.length > 0) {
    await db
      .insert(roleAssignments)
      .values(roles.map((r) => ({ ...r, grantedBy: r.grantedBy ?? null })))
      .onConflictDoNothing({
        target: [roleAssignments.userId, roleAssignments.role, roleAssignments.districtId],
      });
  }
  const wanted = new Set(roles.map((r) => `${r.userId}|${r.role}|${r.districtId ?? ''}`));
  const existing = await db
    .select({
      id: roleAssignments.id,
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      districtId: roleAssignments.districtId,
    })
    .from(roleAssignments)
    .where(inArray(roleAssignments.userId, [...userIds]));
  const stale = existing
    .filter((r) => !wanted.has(`${r.userId}|${r.role}|${r.districtId ?? ''}`))
    .map((r) => r.id);
  if (stale.length > 0) await db.delete(roleAssignments).where(inArray(roleAssignments.id, stale));
}

export interface AvailabilitySeed {
  /** 0 = Sunday … 6 = Saturday (Asia/Tokyo). */
  weekday: number;
  startMinute: number;
  endMinute: number;
}

export interface VolunteerProfileSeed {
  userId: string;
  kind: 'individual' | 'group';
  groupName: string | null;
  headcount: number;
  representativeName: string | null;
  skills: (typeof volunteerProfiles.$inferInsert)['skills'];
  equipment: string[];
  helpsNeighbours: boolean;
  maxTasksPerWeek: number;
  verification: 'pending' | 'active' | 'suspended';
  verifiedBy: string | null;
  verifiedAt: Date | null;
  insuranceExpiresOn: string | null;
  trusted: boolean;
  districtIds: string[];
  availability: AvailabilitySeed[];
}

/** Upserts volunteer profiles and replaces their districts served and weekly availability. */
export async function writeVolunteerProfiles(
  db: DbOrTx,
  rows: readonly VolunteerProfileSeed[],
): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((row) => row.userId);
  await db
    .insert(volunteerProfiles)
    .values(
      rows.map(({ districtIds, availability: _a, ...profile }) => ({
        ...profile,
        // A verified volunteer was verified in the districts they serve.
        verifiedDistrictIds: profile.verification === 'pending' ? [] : districtIds,
      })),
    )
    .onConflictDoUpdate({
      target: volunteerProfiles.userId,
      set: fromExcluded(volunteerProfiles, [
        'kind',
        'groupName',
        'headcount',
        'representativeName',
        'skills',
        'equipment',
        'helpsNeighbours',
        'maxTasksPerWeek',
        'verification',
        'verifiedBy',
        'verifiedAt',
        'verifiedDistrictIds',
        'insuranceExpiresOn',
        'trusted',
      ]),
    });

  await db.delete(volunteerDistricts).where(inArray(volunteerDistricts.volunteerId, ids));
  const served = rows.flatMap((row) =>
    row.districtIds.map((districtId) => ({ volunteerId: row.userId, districtId })),
  );
  if (served.length > 0) await db.insert(volunteerDistricts).values(served);

  await db.delete(volunteerAvailability).where(inArray(volunteerAvailability.volunteerId, ids));
  const slots = rows.flatMap((row) =>
    row.availability.map((slot) => ({ volunteerId: row.userId, ...slot })),
  );
  if (slots.length > 0) await db.insert(volunteerAvailability).values(slots);
}

export type ResidentProfileSeed = typeof residentProfiles.$inferInsert & { userId: string };

/** Upserts resident profiles by user. */
export async function writeResidentProfiles(
  db: DbOrTx,
  rows: readonly ResidentProfileSeed[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(residentProfiles)
    .values([...rows])
    .onConflictDoUpdate({
      target: residentProfiles.userId,
      set: fromExcluded(residentProfiles, [
        'fullName',
        'fullNameKana',
        'phone',
        'address',
        'districtId',
        'contactPreference',
        'consentAt',
        'consentMethod',
        'consentRecordedBy',
      ]),
    });
}
