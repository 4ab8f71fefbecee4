import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import {
  districts,
  residentProfiles,
  roleAssignments,
  users,
  volunteerAvailability,
  volunteerDistricts,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { createSession } from '../../../services/api/src/auth/sessions.ts';
import { intBetween, mulberry32, pickWeighted } from './random.ts';

/** Three hot districts take most of a heavy snowfall's requests. */
const HOT = ['nagayama', 'kagura', 'toyooka'];

export interface InstanceSize {
  volunteers: number;
  groups: number;
  residents: number;
}

export interface Instance {
  districtCodes: string[];
  districtWeights: number[];
  /** Session cookies of the residents who will ask, with their district. */
  residents: { cookie: string; district: string }[];
}

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/**
 * Writes a reproducible city for the storm straight into the database (the API is for the surge
 * itself): volunteers with capacities, skills and availability, and residents with sessions.
 */
export async function buildInstance(
  db: Database,
  size: InstanceSize,
  seed: number,
): Promise<Instance> {
  const rng = mulberry32(seed);
  const districtRows = await db.select({ id: districts.id, code: districts.code }).from(districts);
  const codes = districtRows.map((d) => d.code).sort();
  const idOf = new Map(districtRows.map((d) => [d.code, d.id]));
  const weights = codes.map((code) => (HOT.includes(code) ? 8 : 1));
  const neighbourRows = await db.execute<{ code: string; neighbour: string }>(sql`
    select d.code, n.code as neighbour from district_neighbours dn
    join districts d on d.id = dn.district_id join districts n on n.id = dn.neighbour_id`);
  const neighbours = new Map<string, string[]>();
  for (const row of neighbourRows)
    neighbours.set(row.code, [...(neighbours.get(row.code) ?? []), row.neighbour]);

  // Volunteers live where people live: less skewed than the requests, so hot districts run short.
  const volunteerWeights = codes.map((code) => (HOT.includes(code) ? 3 : 1));
  const volunteerUsers = Array.from({ length: size.volunteers }, (_, i) => ({
    displayName: `担い手${i + 1}`,
    isDemo: false,
  }));
  const volunteerIds: string[] = [];
  await inChunks(volunteerUsers, 1000, async (chunk) => {
    const rows = await db.insert(users).values(chunk).returning({ id: users.id });
    volunteerIds.push(...rows.map((r) => r.id));
  });
  const profiles = volunteerIds.map((userId, i) => {
    const group = i < size.groups;
    return {
      userId,
      kind: group ? ('group' as const) : ('individual' as const),
      groupName: group ? `除雪隊${i + 1}` : null,
      headcount: group ? intBetween(rng, 4, 25) : 1,
      skills: rng() < 0.9 ? (['snow', 'rubbish'] as const) : (['rubbish', 'shopping'] as const),
      equipment: rng() < 0.3 ? ['除雪機'] : ['スコップ'],
      helpsNeighbours: rng() < 0.4,
      maxTasksPerWeek: group ? intBetween(rng, 4, 10) : intBetween(rng, 1, 3),
      verification: 'active' as const,
      insuranceExpiresOn: '2099-03-31',
    };
  });
  await inChunks(profiles, 1000, (chunk) =>
    db.insert(volunteerProfiles).values(chunk.map((p) => ({ ...p, skills: [...p.skills] }))),
  );
  const served = volunteerIds.flatMap((volunteerId) => {
    const home = pickWeighted(rng, codes, volunteerWeights);
    const extra = rng() < 0.3 ? (neighbours.get(home) ?? []).slice(0, 1) : [];
    return [home, ...extra].map((code) => ({ volunteerId, districtId: idOf.get(code)! }));
  });
  await inChunks(served, 2000, (chunk) => db.insert(volunteerDistricts).values(chunk));
  const slots = volunteerIds.flatMap((volunteerId) => {
    // Most are free in the morning on several days; everyone has at least three days.
    const days = [0, 1, 2, 3, 4, 5, 6].filter(() => rng() < 0.6);
    return (days.length >= 3 ? days : [0, 3, 6]).map((weekday) => ({
      volunteerId,
      weekday,
      startMinute: intBetween(rng, 6, 9) * 60,
      endMinute: intBetween(rng, 12, 18) * 60,
    }));
  });
  await inChunks(slots, 2000, (chunk) => db.insert(volunteerAvailability).values(chunk));
  await inChunks(
    volunteerIds.map((userId) => ({ userId, role: 'volunteer' as const })),
    2000,
    (chunk) => db.insert(roleAssignments).values(chunk),
  );

  const residentIds: string[] = [];
  await inChunks(
    Array.from({ length: size.residents }, (_, i) => ({ displayName: `利用者${i + 1}` })),
    1000,
    async (chunk) => {
      const rows = await db.insert(users).values(chunk).returning({ id: users.id });
      residentIds.push(...rows.map((r) => r.id));
    },
  );
  const residentDistricts = residentIds.map(() => pickWeighted(rng, codes, weights));
  await inChunks(
    residentIds.map((userId, i) => ({
      userId,
      fullName: `利用者${i + 1}`,
      address: `旭川市（${residentDistricts[i]}）`,
      districtId: idOf.get(residentDistricts[i]!)!,
      consentAt: new Date(),
      consentMethod: 'online_form',
    })),
    1000,
    (chunk) => db.insert(residentProfiles).values(chunk),
  );
  await inChunks(
    residentIds.map((userId) => ({ userId, role: 'resident' as const })),
    2000,
    (chunk) => db.insert(roleAssignments).values(chunk),
  );
  const residents: Instance['residents'] = [];
  for (const [i, userId] of residentIds.entries()) {
    const { token } = await createSession(db, userId, 1);
    residents.push({ cookie: `sasaeai_session=${token}`, district: residentDistricts[i]! });
  }
  return { districtCodes: codes, districtWeights: weights, residents };
}
