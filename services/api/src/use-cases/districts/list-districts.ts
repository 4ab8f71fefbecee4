import { asc, eq } from 'drizzle-orm';
import type { CentreList, DistrictList } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { districtNeighbours, districts, volunteerCentres } from '@sasaeai/db/schema';
import type { z } from 'zod';

/** Every district with its centroid and neighbours (public). */
export async function listDistricts(db: Database): Promise<z.infer<typeof DistrictList>> {
  const rows = await db.select().from(districts).orderBy(asc(districts.code));
  const links = await db.select().from(districtNeighbours);
  const codeById = new Map(rows.map((row) => [row.id, row.code]));
  return {
    districts: rows.map((row) => ({
      code: row.code,
      name: row.name,
      nameEn: row.nameEn,
      kana: row.kana,
      lat: row.lat,
      lon: row.lon,
      neighbours: links
        .filter((link) => link.districtId === row.id)
        .map((link) => codeById.get(link.neighbourId) ?? '')
        .filter(Boolean)
        .sort(),
    })),
  };
}

/** Volunteer centres with their status (public). */
export async function listCentres(db: Database): Promise<z.infer<typeof CentreList>> {
  const rows = await db
    .select({
      id: volunteerCentres.id,
      district: districts.code,
      name: volunteerCentres.name,
      nameEn: volunteerCentres.nameEn,
      status: volunteerCentres.status,
      openedOn: volunteerCentres.openedOn,
    })
    .from(volunteerCentres)
    .innerJoin(districts, eq(districts.id, volunteerCentres.districtId))
    .orderBy(asc(districts.code));
  return { centres: rows };
}
