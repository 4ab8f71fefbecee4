/**
 * The snow-season bench's city, written straight into the database in bulk (multi-row inserts
 * of up to 1,000 rows; the API is for the snowfall itself): helpers in the snowed-in districts,
 * residents with winter registrations for the season, a share of them paired with a helper
 * (primary, some also a backup), and a council user with a session to declare the snowfall.
 */
import { inArray } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import {
  districts,
  residentProfiles,
  roleAssignments,
  seasonPairings,
  users,
  volunteerAvailability,
  volunteerDistricts,
  volunteerProfiles,
  winterRegistrations,
} from '@sasaeai/db/schema';
import { addDays, jstToday, seasonOf } from '@sasaeai/core';
import { createSession } from '../../../services/api/src/auth/sessions.ts';
import { intBetween, mulberry32 } from '../snowstorm/random.ts';

export interface WinterPlan {
  /** District codes the snow falls on (registrations and helpers live there). */
  districts: readonly string[];
  registrations: number;
  /** Share of registrations with a season pairing (a primary helper). */
  pairedShare: number;
  /** Share of the paired that also have a backup helper. */
  backupShare: number;
  volunteers: number;
  groups: number;
  cm: number;
}

export interface WinterCity {
  /** Session cookie of the council user who declares the snowfall. */
  councilCookie: string;
  districtIds: string[];
  observedOn: string;
  registrations: number;
  paired: number;
  backups: number;
}

/** Three disjoint two-hour mornings (Japan time), as the households asked to be cleared by. */
export const MORNINGS = [
  [6 * 60, 8 * 60],
  [8 * 60, 10 * 60],
  [10 * 60, 12 * 60],
] as const;
const THRESHOLDS = [5, 10, 15, 20, 30];
const CHUNK = 1000;

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

async function insertUsers(db: Database, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  await inChunks(names, async (chunk) => {
    const rows = await db
      .insert(users)
      .values(chunk.map((displayName) => ({ displayName, isDemo: false })))
      .returning({ id: users.id });
    ids.push(...rows.map((row) => row.id));
  });
  return ids;
}

export async function seedWinter(
  db: Database,
  plan: WinterPlan,
  seed: number,
  log: (line: string) => void = () => {},
  now = new Date(),
): Promise<WinterCity> {
  const rng = mulberry32(seed);
  const found = await db
    .select({ id: districts.id, code: districts.code })
    .from(districts)
    .where(inArray(districts.code, [...plan.districts]));
  if (found.length !== plan.districts.length) throw new Error('unknown bench district');
  const districtIds = plan.districts.map((code) => found.find((d) => d.code === code)!.id);
  const k = districtIds.length;
  const observedOn = jstToday(now);

  // Helpers: groups first, then individuals, spread evenly; free every morning 05:00–13:00.
  const volunteerIds = await insertUsers(
    db,
    Array.from({ length: plan.volunteers }, (_, i) => `担い手${i + 1}`),
  );
  const homeOf = (i: number) => districtIds[i % k]!;
  await inChunks(
    volunteerIds.map((userId, i) => {
      const group = i < plan.groups;
      return {
        userId,
        kind: group ? ('group' as const) : ('individual' as const),
        groupName: group ? `除雪隊${i + 1}` : null,
        headcount: group ? intBetween(rng, 4, 12) : 1,
        skills: ['snow', 'rubbish'] as ('snow' | 'rubbish')[],
        equipment: rng() < 0.3 ? ['除雪機'] : ['スコップ'],
        helpsNeighbours: false,
        maxTasksPerWeek: group ? intBetween(rng, 6, 12) : intBetween(rng, 1, 3),
        verification: 'active' as const,
        insuranceExpiresOn: '2099-03-31',
      };
    }),
    (chunk) => db.insert(volunteerProfiles).values(chunk),
  );
  await inChunks(
    volunteerIds.map((volunteerId, i) => ({ volunteerId, districtId: homeOf(i) })),
    (chunk) => db.insert(volunteerDistricts).values(chunk),
  );
  await inChunks(
    volunteerIds.flatMap((volunteerId) =>
      [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        volunteerId,
        weekday,
        startMinute: 5 * 60,
        endMinute: 13 * 60,
      })),
    ),
    (chunk) => db.insert(volunteerAvailability).values(chunk),
  );
  await inChunks(
    volunteerIds.map((userId) => ({ userId, role: 'volunteer' as const })),
    (chunk) => db.insert(roleAssignments).values(chunk),
  );
  log(`  ${plan.volunteers} helpers (${plan.groups} groups)`);

  // Households: residents with an address in their district and a registration for the season.
  const residentIds: string[] = [];
  for (let from = 0; from < plan.registrations; from += CHUNK * 2) {
    const count = Math.min(CHUNK * 2, plan.registrations - from);
    residentIds.push(
      ...(await insertUsers(
        db,
        Array.from({ length: count }, (_, i) => `利用者${from + i + 1}`),
      )),
    );
    log(`  residents ${residentIds.length}/${plan.registrations}`);
  }
  const districtOf = (i: number) => districtIds[i % k]!;
  await inChunks(
    residentIds.map((userId, i) => ({
      userId,
      fullName: `利用者${i + 1}`,
      address: `旭川市（除雪ベンチ ${i + 1}）`,
      districtId: districtOf(i),
      consentAt: now,
      consentMethod: 'online_form',
    })),
    (chunk) => db.insert(residentProfiles).values(chunk),
  );
  await inChunks(
    residentIds.map((userId) => ({ userId, role: 'resident' as const })),
    (chunk) => db.insert(roleAssignments).values(chunk),
  );
  const registrationIds: string[] = [];
  const season = seasonOf(observedOn) ?? Number(observedOn.slice(0, 4));
  await inChunks(
    residentIds.map((residentId, i) => {
      const [from, by] = MORNINGS[Math.floor(i / k) % MORNINGS.length]!;
      return {
        residentId,
        createdBy: residentId,
        seasonYear: season,
        validFrom: addDays(observedOn, -30),
        validUntil: addDays(observedOn, 90),
        frontageMetres: intBetween(rng, 3, 15),
        clearPath: rng() < 0.6,
        roofFall: rng() < 0.2,
        readyFromMinute: from,
        readyByMinute: by,
        thresholdCm: THRESHOLDS[intBetween(rng, 0, THRESHOLDS.length - 1)]!,
        accessNotes: '玄関前から道路まで',
      };
    }),
    async (chunk) => {
      const rows = await db
        .insert(winterRegistrations)
        .values(chunk)
        .returning({ id: winterRegistrations.id });
      registrationIds.push(...rows.map((row) => row.id));
      log(`  winter registrations ${registrationIds.length}/${plan.registrations}`);
    },
  );

  // Pairings: each individual helper pairs with at most one household of its own district, so
  // a pair's offer is never refused for a booking the bench itself made.
  const individualsBy = new Map<string, string[]>();
  volunteerIds.forEach((id, i) => {
    if (i < plan.groups) return;
    individualsBy.set(homeOf(i), [...(individualsBy.get(homeOf(i)) ?? []), id]);
  });
  const pairings: (typeof seasonPairings.$inferInsert)[] = [];
  const paired = Math.round(plan.registrations * plan.pairedShare);
  let backups = 0;
  const [council] = await insertUsers(db, ['市役所 除雪担当']);
  await db.insert(roleAssignments).values({ userId: council!, role: 'council' });
  const recorder = council!;
  for (let i = 0; i < paired; i++) {
    const pool = individualsBy.get(districtOf(i))!;
    const primary = pool.shift();
    if (!primary) throw new Error('not enough individual helpers to pair');
    const base = { winterRegistrationId: registrationIds[i]!, metOn: observedOn };
    pairings.push({ ...base, helperId: primary, role: 'primary', recordedBy: recorder });
    if (rng() < plan.backupShare && pool.length > 0) {
      pairings.push({ ...base, helperId: pool.shift()!, role: 'backup', recordedBy: recorder });
      backups += 1;
    }
  }
  await inChunks(pairings, (chunk) => db.insert(seasonPairings).values(chunk));
  log(`  season pairings: ${paired} households (${backups} with a backup)`);

  const { token } = await createSession(db, council!, 1);
  return {
    councilCookie: `sasaeai_session=${token}`,
    districtIds,
    observedOn,
    registrations: registrationIds.length,
    paired,
    backups,
  };
}
