import type { ContactPreference } from '@sasaeai/contracts';
import type { DbOrTx } from '../client.ts';
import { replaceRoles, upsertUsers, writeResidentProfiles } from './accounts.ts';
import { drawName } from './names.ts';
import { drawAddress, drawPhone } from './places.ts';
import { noProgress, type OnProgress } from './progress.ts';
import { streamFor } from '@sasaeai/core';
import { jstInstant, type JstDay } from './time.ts';

/**
 * How consent was recorded (`resident_profiles.consent_method`; free text in the schema):
 * on the web form, by phone with a coordinator, or on the paper form at the centre.
 */
export type ConsentMethod = 'online_form' | 'phone_verbal' | 'paper_form';

export interface ResidentSeed {
  /** `r0001@example.invalid`: a reserved domain, so no mail can ever reach anyone. */
  email: string;
  name: string;
  kana: string;
  district: string;
  /** In `district`: 「旭川市永山3条5丁目2-10」. */
  address: string;
  phone: string;
  contactPreference: ContactPreference;
  consentMethod: ConsentMethod;
  consentDaysAgo: number;
}

/**
 * Where the demo residents live: weighted to 中央 and 新旭川 (the demo coordinator's districts)
 * so every demo role has cases to look at. Sums to 40.
 */
const RESIDENT_DISTRICTS: readonly (readonly [string, number])[] = [
  ['chuo', 8],
  ['shin-asahikawa', 6],
  ['nagayama', 4],
  ['toyooka', 3],
  ['toko', 3],
  ['kamui', 3],
  ['kagura', 2],
  ['suehiro', 2],
  ['asahimachi', 2],
  ['shunko', 2],
  ['kaguraoka', 1],
  ['midorigaoka', 1],
  ['higashi-asahikawa', 1],
  ['taisei', 1],
  ['hokusei', 1],
];

export interface GenerateResidentsOptions {
  seed: number;
  count?: number;
  takenNames?: Set<string>;
}

/** Generates demo residents deterministically (mostly older people, as in the real service). */
export function generateResidents({
  seed,
  count = 40,
  takenNames = new Set<string>(),
}: GenerateResidentsOptions): ResidentSeed[] {
  const rng = streamFor(seed, 'residents');
  const quota = RESIDENT_DISTRICTS.flatMap(([code, n]) => Array<string>(n).fill(code));
  while (quota.length < count) quota.push(rng.weighted(RESIDENT_DISTRICTS));
  const districts = rng.shuffle(quota.slice(0, count));

  return districts.map((district, index) => {
    const person = drawName(rng, takenNames, rng.chance(0.85) ? 'older' : 'any');
    return {
      email: `r${String(index + 1).padStart(4, '0')}@example.invalid`,
      name: person.name,
      kana: person.kana,
      district,
      address: drawAddress(rng, district),
      phone: drawPhone(rng),
      contactPreference: rng.weighted<ContactPreference>([
        ['phone', 70],
        ['visit', 12],
        ['post', 10],
        ['email', 8],
      ]),
      consentMethod: rng.weighted<ConsentMethod>([
        ['phone_verbal', 60],
        ['paper_form', 25],
        ['online_form', 15],
      ]),
      consentDaysAgo: rng.int(3, 300),
    };
  });
}

export interface SeedResidentsOptions {
  residents: readonly ResidentSeed[];
  districtIds: ReadonlyMap<string, string>;
  today: JstDay;
  /** Recorded as the staff member who took consent by phone or paper in their districts. */
  coordinator?: { id: string; districts: readonly string[] };
  onProgress?: OnProgress;
}

/** Writes the generated residents: users (no log-in), resident role, resident profiles. */
export async function seedResidents(
  db: DbOrTx,
  { residents, districtIds, today, coordinator, onProgress = noProgress }: SeedResidentsOptions,
): Promise<Map<string, string>> {
  const ids = await upsertUsers(
    db,
    residents.map((r) => ({ email: r.email, displayName: r.name, passwordHash: null })),
  );
  const userId = (r: ResidentSeed) => ids.get(r.email) as string;
  await replaceRoles(
    db,
    [...ids.values()],
    residents.map((r) => ({ userId: userId(r), role: 'resident' as const, districtId: null })),
  );
  await writeResidentProfiles(
    db,
    residents.map((r) => {
      const districtId = districtIds.get(r.district);
      if (!districtId) throw new Error(`residents: unknown district ${r.district}`);
      const byStaff = r.consentMethod !== 'online_form';
      return {
        userId: userId(r),
        fullName: r.name,
        fullNameKana: r.kana,
        phone: r.phone,
        address: r.address,
        districtId,
        contactPreference: r.contactPreference,
        consentAt: jstInstant(today, -r.consentDaysAgo, 10 * 60 + 30),
        consentMethod: r.consentMethod,
        consentRecordedBy:
          byStaff && coordinator?.districts.includes(r.district) ? coordinator.id : null,
      };
    }),
  );
  onProgress({ step: 'residents', done: residents.length, total: residents.length });
  return ids;
}
