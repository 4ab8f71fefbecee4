/**
 * The snow-season bench's city (`city.ts` plans it), written straight into the database in bulk
 * (multi-row inserts of up to 1,000 rows; the API is for the snowfall itself): helpers in the
 * snowed-in districts with their mornings, weekly caps and districts served, residents with
 * winter registrations for the season, a share of them paired with a helper (primary, some also
 * a backup), and a council user with a session to declare the snowfall.
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
import { planCity, type CityData, type WinterPlan } from './city.ts';

export type { WinterPlan } from './city.ts';

export interface WinterCity {
  /** Session cookie of the council user who declares the snowfall. */
  councilCookie: string;
  districtIds: string[];
  observedOn: string;
  registrations: number;
  paired: number;
  backups: number;
  /** The city as planned (households, helpers, pairings by index), for the scarcity figures. */
  data: CityData;
}

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
  const data = planCity(plan, seed);
  const found = await db
    .select({ id: districts.id, code: districts.code })
    .from(districts)
    .where(inArray(districts.code, [...plan.districts]));
  if (found.length !== plan.districts.length) throw new Error('unknown bench district');
  const districtIds = plan.districts.map((code) => found.find((d) => d.code === code)!.id);
  const observedOn = jstToday(now);

  // Helpers: groups first, then individuals, each free every day in its profile's morning.
  const volunteerIds = await insertUsers(
    db,
    data.helpers.map((h, i) => (h.profile === 'group' ? `除雪隊${i + 1}` : `担い手${i + 1}`)),
  );
  await inChunks(
    data.helpers.map((h, i) => ({
      userId: volunteerIds[i]!,
      kind: h.profile === 'group' ? ('group' as const) : ('individual' as const),
      groupName: h.profile === 'group' ? `除雪隊${i + 1}` : null,
      headcount: h.headcount,
      skills: ['snow', 'rubbish'] as ('snow' | 'rubbish')[],
      equipment: h.equipment,
      helpsNeighbours: false,
      maxTasksPerWeek: h.maxTasksPerWeek,
      verification: 'active' as const,
      insuranceExpiresOn: '2099-03-31',
    })),
    (chunk) => db.insert(volunteerProfiles).values(chunk),
  );
  await inChunks(
    data.helpers.flatMap((h, i) =>
      h.serves.map((d) => ({ volunteerId: volunteerIds[i]!, districtId: districtIds[d]! })),
    ),
    (chunk) => db.insert(volunteerDistricts).values(chunk),
  );
  await inChunks(
    data.helpers.flatMap((h, i) =>
      [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        volunteerId: volunteerIds[i]!,
        weekday,
        startMinute: h.span[0],
        endMinute: h.span[1],
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
  await inChunks(
    residentIds.map((userId, i) => ({
      userId,
      fullName: `利用者${i + 1}`,
      address: `旭川市（除雪ベンチ ${i + 1}）`,
      districtId: districtIds[data.households[i]!.district]!,
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
      const h = data.households[i]!;
      return {
        residentId,
        createdBy: residentId,
        seasonYear: season,
        validFrom: addDays(observedOn, -30),
        validUntil: addDays(observedOn, 90),
        frontageMetres: h.frontageMetres,
        clearPath: h.clearPath,
        roofFall: h.roofFall,
        readyFromMinute: h.span[0],
        readyByMinute: h.span[1],
        thresholdCm: h.thresholdCm,
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

  const [council] = await insertUsers(db, ['市役所 除雪担当']);
  await db.insert(roleAssignments).values({ userId: council!, role: 'council' });
  await inChunks(
    data.pairings.map((p) => ({
      winterRegistrationId: registrationIds[p.household]!,
      helperId: volunteerIds[p.helper]!,
      role: p.role,
      metOn: observedOn,
      recordedBy: council!,
    })),
    (chunk) => db.insert(seasonPairings).values(chunk),
  );
  const paired = new Set(data.pairings.map((p) => p.household)).size;
  const backups = data.pairings.filter((p) => p.role === 'backup').length;
  log(`  season pairings: ${paired} households (${backups} with a backup)`);

  const { token } = await createSession(db, council!, 1);
  return {
    councilCookie: `sasaeai_session=${token}`,
    districtIds,
    observedOn,
    registrations: registrationIds.length,
    paired,
    backups,
    data,
  };
}
