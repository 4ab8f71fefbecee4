import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { districtNeighbours, districts } from '../schema/index.ts';
import { DEMO_DISTRICTS, type DistrictSeed } from './districts-data.ts';
import { noProgress, type OnProgress } from './progress.ts';
import { fromExcluded } from './sql.ts';

export interface SeedDistrictsOptions {
  /**
   * true (demo): names (Japanese and English), kana and centroids are reset to the seed data.
   * false (reference data in production): existing districts are left as staff edited them and
   * only missing districts and neighbour links are added.
   */
  overwrite: boolean;
  onProgress?: OnProgress;
  data?: readonly DistrictSeed[];
}

/** Adjacency is mutual: the symmetric closure of every district's neighbour list. */
export function neighbourPairs(data: readonly DistrictSeed[]): [string, string][] {
  const known = new Set(data.map((d) => d.code));
  const pairs = new Map<string, [string, string]>();
  for (const district of data) {
    for (const neighbour of district.neighbours) {
      if (!known.has(neighbour)) {
        throw new Error(`district ${district.code} lists unknown neighbour ${neighbour}`);
      }
      if (neighbour === district.code) continue;
      pairs.set(`${district.code}>${neighbour}`, [district.code, neighbour]);
      pairs.set(`${neighbour}>${district.code}`, [neighbour, district.code]);
    }
  }
  return [...pairs.values()];
}

/** Upserts districts by code and their neighbour links; returns district ids by code. */
export async function seedDistricts(
  db: DbOrTx,
  { overwrite, onProgress = noProgress, data = DEMO_DISTRICTS }: SeedDistrictsOptions,
): Promise<Map<string, string>> {
  const values = data.map(({ code, name, nameEn, kana, lat, lon }) => ({
    code,
    name,
    nameEn,
    kana,
    lat,
    lon,
  }));
  const insert = db.insert(districts).values(values);
  await (overwrite
    ? insert.onConflictDoUpdate({
        target: districts.code,
        set: fromExcluded(districts, ['name', 'nameEn', 'kana', 'lat', 'lon']),
      })
    : insert.onConflictDoNothing({ target: districts.code }));

  const rows = await db
    .select({ id: districts.id, code: districts.code })
    .from(districts)
    .where(
      inArray(
        districts.code,
        data.map((d) => d.code),
      ),
    );
  const ids = new Map(rows.map((row) => [row.code, row.id]));
  onProgress({ step: 'districts', done: ids.size, total: data.length });

  const pairs = neighbourPairs(data).map(([from, to]) => ({
    districtId: ids.get(from) as string,
    neighbourId: ids.get(to) as string,
  }));
  await db.insert(districtNeighbours).values(pairs).onConflictDoNothing();
  if (overwrite) {
    // Converge on the seed data: drop links between seeded districts that it no longer lists.
    const wanted = new Set(pairs.map((p) => `${p.districtId}>${p.neighbourId}`));
    const seededIds = [...ids.values()];
    const existing = await db
      .select({
        districtId: districtNeighbours.districtId,
        neighbourId: districtNeighbours.neighbourId,
      })
      .from(districtNeighbours)
      .where(
        and(
          inArray(districtNeighbours.districtId, seededIds),
          inArray(districtNeighbours.neighbourId, seededIds),
        ),
      );
    for (const stale of existing.filter((e) => !wanted.has(`${e.districtId}>${e.neighbourId}`))) {
      await db
        .delete(districtNeighbours)
        .where(
          and(
            eq(districtNeighbours.districtId, stale.districtId),
            eq(districtNeighbours.neighbourId, stale.neighbourId),
          ),
        );
    }
  }
  onProgress({ step: 'district neighbours', done: pairs.length, total: pairs.length });
  return ids;
}
