import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts } from '@sasaeai/db/schema';
import { AppError } from '../../errors/app-error.ts';
import { canActInDistrict, districtIdsFor, hasRole } from '../../auth/permissions.ts';
import { districtByCode, type DistrictRef } from '../../repositories/district-directory.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/** What a report or export covers: the session's districts, narrowed by an optional code. */
export interface CentreScope {
  /** null = the whole city (admins without a district). */
  districtIds: string[] | null;
  /** The district asked for, when one was. */
  district: DistrictRef | null;
  /** Every district covered, by code (the whole city for admins). */
  districts: DistrictRef[];
}

/**
 * The scope from the session, as the desk does it: an unknown code is 404, a district that is
 * not one of the coordinator's is 403; admins may ask for any district or the city.
 */
export async function centreScopeOf(
  db: Database,
  user: SessionUser,
  districtCode: string | undefined,
): Promise<CentreScope> {
  if (districtCode) {
    const district = await districtByCode(db, districtCode);
    if (!district) throw new AppError('not_found');
    if (!canActInDistrict(user, district.id, ['coordinator', 'admin'])) {
      throw new AppError('forbidden');
    }
    return { districtIds: [district.id], district, districts: [district] };
  }
  const all = hasRole(user, 'admin');
  const ids = all ? null : districtIdsFor(user, 'coordinator');
  const covered =
    ids !== null && ids.length === 0
      ? []
      : await db
          .select({
            id: districts.id,
            code: districts.code,
            name: districts.name,
            nameEn: districts.nameEn,
          })
          .from(districts)
          .where(ids === null ? undefined : inArray(districts.id, ids))
          .orderBy(asc(districts.code));
  return { districtIds: ids, district: null, districts: covered };
}
