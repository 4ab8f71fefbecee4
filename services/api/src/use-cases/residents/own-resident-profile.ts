import { eq } from 'drizzle-orm';
import type { ResidentProfileResponse } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { districts, residentProfiles } from '@sasaeai/db/schema';
import type { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

/** A resident's own registered name, address, phone and district. */
export async function loadOwnResidentProfile(
  db: Database,
  userId: string,
): Promise<z.infer<typeof ResidentProfileResponse>> {
  const [row] = await db
    .select({ profile: residentProfiles, district: districts.code })
    .from(residentProfiles)
    .leftJoin(districts, eq(districts.id, residentProfiles.districtId))
    .where(eq(residentProfiles.userId, userId));
  if (!row) throw new AppError('not_found');
  return {
    profile: {
      fullName: row.profile.fullName,
      address: row.profile.address,
      phone: row.profile.phone,
      district: row.district,
    },
  };
}
