import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, residentProfiles, winterRegistrations } from '@sasaeai/db/schema';
import type { MyWinterResponse, WinterResidentList } from '@sasaeai/contracts';
import { jstToday, seasonBounds, seasonToRegisterFor } from '@sasaeai/core';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { toWinterView } from './registration-view.ts';
import { residentOf } from './register-for-winter.ts';

const standing = inArray(winterRegistrations.status, ['active', 'paused']);

/** The resident's own registration for the season one registers for today (or none yet). */
export async function viewMyWinter(
  db: Database,
  actor: SessionUser,
  now = new Date(),
): Promise<MyWinterResponse> {
  const bounds = seasonBounds(seasonToRegisterFor(jstToday(now)));
  const [row] = await db
    .select()
    .from(winterRegistrations)
    .where(
      and(
        eq(winterRegistrations.residentId, actor.id),
        eq(winterRegistrations.seasonYear, bounds.seasonYear),
        standing,
      ),
    )
    .orderBy(desc(winterRegistrations.createdAt))
    .limit(1);
  const district = row ? ((await residentOf(db, actor.id))?.district ?? null) : null;
  return {
    seasonYear: bounds.seasonYear,
    seasonFrom: bounds.from,
    seasonUntil: bounds.until,
    registration: row ? toWinterView(row, district) : null,
  };
}

const RESIDENT_LIMIT = 500;

/**
 * The residents of the coordinator's districts (every district for an admin) with their
 * standing registration this season, so a coordinator can register one taken by phone.
 */
export async function listWinterResidents(
  db: Database,
  actor: SessionUser,
  options: { residentId?: string | undefined; now?: Date } = {},
): Promise<WinterResidentList> {
  const seasonYear = seasonToRegisterFor(jstToday(options.now ?? new Date()));
  const conditions: SQL[] = [];
  if (!hasRole(actor, 'admin')) {
    const own = districtIdsFor(actor, 'coordinator');
    if (own.length === 0) return { seasonYear, residents: [] };
    conditions.push(inArray(residentProfiles.districtId, own));
  }
  if (options.residentId) conditions.push(eq(residentProfiles.userId, options.residentId));
  const rows = await db
    .select({
      residentId: residentProfiles.userId,
      fullName: residentProfiles.fullName,
      district: districts.code,
      registration: winterRegistrations,
    })
    .from(residentProfiles)
    .innerJoin(districts, eq(districts.id, residentProfiles.districtId))
    .leftJoin(
      winterRegistrations,
      and(
        eq(winterRegistrations.residentId, residentProfiles.userId),
        eq(winterRegistrations.seasonYear, seasonYear),
        standing,
      ),
    )
    .where(and(...conditions))
    .orderBy(
      asc(districts.code),
      asc(residentProfiles.fullNameKana),
      asc(residentProfiles.fullName),
    )
    .limit(RESIDENT_LIMIT);
  return {
    seasonYear,
    residents: rows.map((row) => ({
      residentId: row.residentId,
      fullName: row.fullName,
      district: row.district,
      registration: row.registration ? toWinterView(row.registration, row.district) : null,
    })),
  };
}
