/** The city's places: the 20 seeded districts plus 33 more, and the volunteer centres. */
import { districtNameFromCode } from '@sasaeai/core';
import { EXTRA_DISTRICTS, SEEDED_WEIGHTS } from './districts.ts';
import { rngFor } from './rng.ts';
import { insertRows, type StepContext } from './write.ts';

export interface CityDistrict {
  id: string;
  code: string;
  name: string;
}

/** Districts: the 20 seeded + 33 more, their neighbours and how many requests each sees. */
export async function generateDistricts({ sql, seed, log, step }: StepContext) {
  const seeded = await sql<{ id: string; code: string; name: string; lat: number; lon: number }[]>`
    select id, code, name, lat, lon from districts order by code`;
  const byCode = new Map(seeded.map((d) => [d.code, d]));
  const rngD = rngFor(seed, 'districts');
  const extraRows = EXTRA_DISTRICTS.map((d) => {
    const parent = byCode.get(d.parent);
    if (!parent) throw new Error(`unknown parent district ${d.parent}`);
    return {
      id: rngD.uuid(),
      code: d.code,
      name: d.name,
      name_en: districtNameFromCode(d.code),
      kana: d.kana,
      lat: Math.round((parent.lat + (rngD.next() - 0.5) * 0.02) * 10000) / 10000,
      lon: Math.round((parent.lon + (rngD.next() - 0.5) * 0.02) * 10000) / 10000,
    };
  });
  await insertRows(sql, 'districts', extraRows, log);
  await insertRows(
    sql,
    'district_neighbours',
    EXTRA_DISTRICTS.flatMap((d, i) => {
      const a = extraRows[i]!.id;
      const b = byCode.get(d.parent)!.id;
      return [
        { district_id: a, neighbour_id: b },
        { district_id: b, neighbour_id: a },
      ];
    }),
    log,
  );
  const allDistricts = [
    ...seeded.map((d) => ({ id: d.id, code: d.code, name: d.name })),
    ...extraRows.map((d) => ({ id: d.id, code: d.code, name: d.name })),
  ];
  const districtWeights = allDistricts.map(
    (d) => SEEDED_WEIGHTS[d.code] ?? EXTRA_DISTRICTS.find((e) => e.code === d.code)?.weight ?? 1,
  );
  const neighbourRows = await sql<{ a: string; b: string }[]>`
    select district_id as a, neighbour_id as b from district_neighbours`;
  const neighbours = new Map<string, string[]>();
  for (const { a, b } of neighbourRows) neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  const districtIdByCode = new Map(allDistricts.map((d) => [d.code, d.id]));
  step('districts');
  return { allDistricts, districtWeights, neighbours, districtIdByCode };
}

/** Centres: the seeded 7 plus more, some open during FY2025, one closed. */
export async function generateCentres(
  { sql, seed, log, step }: StepContext,
  allDistricts: readonly CityDistrict[],
) {
  const rngC = rngFor(seed, 'centres');
  const existingCentres = new Set(
    (await sql<{ district_id: string }[]>`select district_id from volunteer_centres`).map(
      (r) => r.district_id,
    ),
  );
  const centreRows = allDistricts
    .filter((d) => !existingCentres.has(d.id))
    .filter(() => rngC.chance(0.25))
    .map((d, i) => {
      const status = i % 5 === 4 ? 'closed' : i % 2 === 0 ? 'open' : 'planned';
      const opened =
        status === 'planned'
          ? null
          : `${rngC.pick(['2024', '2025', '2025'])}-${String(rngC.int(4, 12)).padStart(2, '0')}-01`;
      return {
        id: rngC.uuid(),
        district_id: d.id,
        name: `${d.name}地区ボランティアセンター`,
        name_en: `${districtNameFromCode(d.code)} District Volunteer Centre`,
        status,
        opened_on: opened,
        closed_on: status === 'closed' ? '2026-02-28' : null,
      };
    });
  await insertRows(sql, 'volunteer_centres', centreRows, log);
  step('centres');
  return centreRows;
}
