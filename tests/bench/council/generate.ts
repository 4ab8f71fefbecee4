/**
 * A city-scale fiscal year for the council dashboard benchmark (issue 5, "Scale"): 53 districts,
 * district volunteer centres, 5,000 volunteers (about 90 % individuals, 10 % groups) with their
 * districts and weekly availability, residents (some of whom also volunteer), 100,000 help
 * requests over FY2025 (April 2025 – March 2026) with the winter's snow-clearing peak, their
 * matches (declined, expired, completed, cancelled …), minutes given, thanks, concerns, and the
 * staff-entered indicator values.
 *
 * Deterministic: the same seed and scale give the same rows (ids included) on every machine.
 * Rows are written with multi-row INSERTs in batches through postgres.js; the whole city takes
 * well under a minute on two cores.
 *
 *   pnpm exec tsx --conditions=@sasaeai/source tests/bench/council/generate.ts [--quick] [--seed N] [--database NAME] [--force]
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type postgres from 'postgres';
import { createDb, ensureDatabase, hashPassword, runMigrations } from '@sasaeai/db';
import { hashSeed, mulberry32 } from '@sasaeai/core';
import { seedReferenceData } from '@sasaeai/db/seed';
import { dropDatabase, testServerUrl } from '@sasaeai/db/testing';
import { GIVEN_NAMES, SURNAMES } from '../../../packages/db/src/seed/names.ts';
import { EXTRA_DISTRICTS, SEEDED_WEIGHTS } from './districts.ts';

/** Bump when the generated data changes shape, so a stored database is regenerated. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = 20_250_401;
export const FISCAL_YEAR = 2025;
export const BENCH_PASSWORD = 'bench-council-2026';
export const BENCH_ACCOUNTS = {
  council: 'council@bench.sasaeai.test',
  coordinator: 'coordinator@bench.sasaeai.test',
  admin: 'admin@bench.sasaeai.test',
} as const;
/** The bench coordinator's districts. */
export const COORDINATOR_DISTRICTS = ['nagayama', 'nagayama-minami', 'suehiro'] as const;

export interface Scale {
  name: 'full' | 'quick';
  requests: number;
  volunteers: number;
  /** Share of volunteers that are groups. */
  groupShare: number;
  residents: number;
  /** Volunteers who are also registered residents and ask for help themselves. */
  reciprocal: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  full: {
    name: 'full',
    requests: 100_000,
    volunteers: 5_000,
    groupShare: 0.1,
    residents: 12_000,
    reciprocal: 300,
  },
  quick: {
    name: 'quick',
    requests: 2_000,
    volunteers: 300,
    groupShare: 0.1,
    residents: 400,
    reciprocal: 20,
  },
};

export const DISTRICT_COUNT = 20 + EXTRA_DISTRICTS.length;

export interface GenerateOptions {
  url: string;
  seed: number;
  scale: Scale;
  log?: (line: string) => void;
}

export interface GeneratedCounts {
  districts: number;
  centres: number;
  volunteers: number;
  groups: number;
  individuals: number;
  residents: number;
  reciprocalResidents: number;
  requests: number;
  requestsByStatus: Record<string, number>;
  matches: number;
  completedMatches: number;
  minutesGiven: number;
  thanks: number;
  concerns: number;
  indicatorValues: number;
}

export interface GenerateResult {
  seed: number;
  scale: Scale;
  version: number;
  fiscalYear: number;
  counts: GeneratedCounts;
  durationMs: number;
  stepsMs: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  normal(): number;
  uuid(): string;
}

export function rngFor(seed: number, purpose: string): Rng {
  const next = mulberry32((seed ^ hashSeed(purpose)) >>> 0);
  // Exact: the generator's floats are 32-bit integers over 2^32.
  const u32 = () => next() * 4294967296;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
    normal: () => {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    uuid: () => {
      const a = hex(u32());
      const b = hex(u32());
      const c = hex(u32());
      const d = hex(u32());
      const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
    },
  };
}

/** Picks an index by cumulative weights (binary search), for many draws from one list. */
export function cumulativePicker(weights: readonly number[]) {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return (rng: Rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

// ---------------------------------------------------------------------------------------------
// Time helpers (Japan time, UTC+9, no DST)

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The instant of a JST wall-clock time. */
const jst = (y: number, m: number, d: number, h = 0, min = 0) =>
  new Date(Date.UTC(y, m - 1, d, h - 9, min));

/** Relative request volume per month of the fiscal year (April first): winter is snow. */
const MONTH_WEIGHTS = [4, 5.5, 6, 5.5, 5, 4.5, 4.5, 7, 14, 17.5, 16, 10.5];
/** Two-hour windows a volunteer can be booked for (JST start hours). */
const SLOT_HOURS = [8, 10, 13, 15];

function categoryFor(rng: Rng, month: number) {
  // month: 1–12 calendar month
  const winter = month === 12 || month <= 3;
  const shoulder = month === 11 || month === 4;
  const table: [string, number][] = winter
    ? [
        ['snow', 78],
        ['rubbish', 8],
        ['shopping', 7],
        ['visit', 5],
        ['other', 2],
      ]
    : shoulder
      ? [
          ['snow', 22],
          ['weeding', 10],
          ['rubbish', 25],
          ['shopping', 20],
          ['visit', 15],
          ['other', 8],
        ]
      : [
          ['weeding', 38],
          ['rubbish', 22],
          ['shopping', 18],
          ['visit', 14],
          ['other', 8],
        ];
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[0]![0];
}

const MINUTES: Record<string, [number, number]> = {
  snow: [30, 150],
  weeding: [60, 180],
  rubbish: [10, 30],
  shopping: [30, 90],
  visit: [30, 75],
  other: [20, 120],
};

const THANKS_MESSAGES = [
  'ありがとうございました。助かりました。',
  '雪が多くて困っていました。本当にありがとう。',
  'またお願いします。',
  '丁寧にしていただき感謝しています。',
  'おかげで安心して外に出られます。',
];

const CONCERN_NOTES = [
  '以前より元気がない様子でした。',
  '灯油が少なくなっていると話していました。',
  '足元がふらついていました。',
  null,
];

// ---------------------------------------------------------------------------------------------
// Bulk insert

type Row = Record<string, postgres.SerializableParameter>;

async function insertRows(
  sql: postgres.Sql,
  table: string,
  rows: readonly Row[],
  log: (line: string) => void,
  batchSize = 2000,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const size = Math.max(1, Math.min(batchSize, Math.floor(60_000 / columns.length)));
  const started = performance.now();
  let nextReport = rows.length >= 20_000 ? rows.length / 5 : Infinity;
  for (let i = 0; i < rows.length; i += size) {
    // drizzle's postgres.js client leaves dates unserialised: send ISO strings.
    const batch = rows.slice(i, i + size).map((row) => {
      const out: Row = {};
      for (const column of columns) {
        const value = row[column];
        out[column] = value instanceof Date ? value.toISOString() : (value ?? null);
      }
      return out;
    });
    await sql`insert into ${sql(table)} ${sql(batch, columns)}`;
    const done = Math.min(rows.length, i + size);
    if (done >= nextReport && done < rows.length) {
      log(`  ${table} ${done}/${rows.length}`);
      nextReport += rows.length / 5;
    }
  }
  log(`  ${table} ${rows.length}/${rows.length} in ${Math.round(performance.now() - started)} ms`);
}

function personName(rng: Rng, older: boolean) {
  const [family] = rng.pick(SURNAMES);
  const given = GIVEN_NAMES.filter(([, , o]) => o === older);
  const [first] = rng.pick(given);
  return `${family} ${first}`;
}

// ---------------------------------------------------------------------------------------------
// The generator

/** Writes the whole city into `url`, which must be a freshly migrated, empty database. */
export async function generateCity({
  url,
  seed,
  scale,
  log = () => {},
}: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const stepsMs: Record<string, number> = {};
  let stepStart = performance.now();
  const step = (name: string) => {
    stepsMs[name] = Math.round(performance.now() - stepStart);
    stepStart = performance.now();
  };
  const { db, sql, close } = createDb({ url, max: 2, applicationName: 'bench-council-generate' });
  try {
    log(`generating ${scale.name} city, seed ${seed} (generator v${GENERATOR_VERSION})`);
    await seedReferenceData({ db });

    // --- districts: the 20 seeded + 33 more --------------------------------------------------
    const seeded = await sql<
      { id: string; code: string; name: string; lat: number; lon: number }[]
    >`
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

    // --- centres: the seeded 7 plus more, some open during FY2025, one closed ------------------
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
          status,
          opened_on: opened,
          closed_on: status === 'closed' ? '2026-02-28' : null,
        };
      });
    await insertRows(sql, 'volunteer_centres', centreRows, log);
    step('centres');

    // --- staff accounts ------------------------------------------------------------------------
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const rngU = rngFor(seed, 'staff');
    const staff = {
      council: rngU.uuid(),
      coordinator: rngU.uuid(),
      admin: rngU.uuid(),
    };
    const fyStart = jst(FISCAL_YEAR, 4, 1);
    await insertRows(
      sql,
      'users',
      (['council', 'coordinator', 'admin'] as const).map((key) => ({
        id: staff[key],
        email: BENCH_ACCOUNTS[key],
        password_hash: passwordHash,
        display_name: {
          council: '市社協 職員',
          coordinator: '地区 コーディネーター',
          admin: '管理者',
        }[key],
        created_at: new Date(fyStart.getTime() - 400 * DAY),
      })),
      log,
    );
    // One coordinator per district (no log-in), who takes phone requests and follows concerns up.
    const coordinatorOf = new Map<string, string>();
    const coordinatorUsers = allDistricts.map((d) => {
      const id = rngU.uuid();
      coordinatorOf.set(d.id, id);
      return {
        id,
        email: null,
        password_hash: null,
        display_name: `${d.name} コーディネーター`,
        created_at: new Date(fyStart.getTime() - 300 * DAY),
      };
    });
    await insertRows(sql, 'users', coordinatorUsers, log);
    await insertRows(
      sql,
      'role_assignments',
      [
        { id: rngU.uuid(), user_id: staff.council, role: 'council', district_id: null },
        { id: rngU.uuid(), user_id: staff.admin, role: 'admin', district_id: null },
        ...COORDINATOR_DISTRICTS.map((code) => ({
          id: rngU.uuid(),
          user_id: staff.coordinator,
          role: 'coordinator',
          district_id: districtIdByCode.get(code)!,
        })),
        ...allDistricts.map((d) => ({
          id: rngU.uuid(),
          user_id: coordinatorOf.get(d.id)!,
          role: 'coordinator',
          district_id: d.id,
        })),
      ],
      log,
    );
    step('staff');

    // --- volunteers ----------------------------------------------------------------------------
    const rngV = rngFor(seed, 'volunteers');
    const pickDistrict = cumulativePicker(districtWeights);
    // Volunteers live where people live, but less skewed than the requests.
    const pickVolunteerDistrict = cumulativePicker(districtWeights.map((w) => 0.5 + w));
    const groupCount = Math.round(scale.volunteers * scale.groupShare);
    const volunteerUsers: Row[] = [];
    const volunteerProfiles: Row[] = [];
    const volunteerDistricts: Row[] = [];
    const availability: Row[] = [];
    const volunteerRoles: Row[] = [];
    const servingByDistrict = new Map<string, string[]>(allDistricts.map((d) => [d.id, []]));
    const volunteerKind = new Map<string, 'individual' | 'group'>();
    const volunteerHome = new Map<string, string>();
    // Registration dates: a growing register from FY2019 to the end of FY2025.
    const registerFrom = jst(2019, 4, 1).getTime();
    const registerTo = jst(2026, 3, 20).getTime();
    for (let i = 0; i < scale.volunteers; i++) {
      const id = rngV.uuid();
      const group = i % Math.round(1 / scale.groupShare) === 0 && i / 10 < groupCount;
      const kind = group ? 'group' : 'individual';
      const home = allDistricts[pickVolunteerDistrict(rngV)]!;
      // Later registrations are more common (sqrt skews towards the end).
      const createdAt = new Date(
        registerFrom + Math.sqrt(rngV.next()) * (registerTo - registerFrom),
      );
      const verification = rngV.chance(0.93)
        ? 'active'
        : rngV.chance(0.6)
          ? 'pending'
          : 'suspended';
      volunteerUsers.push({
        id,
        display_name: group
          ? `${home.name}${rngV.pick(['町内会 除雪隊', 'ボランティアの会', '高校 ボランティア部', '事業所 有志'])}`
          : personName(rngV, false),
        created_at: createdAt,
        updated_at: createdAt,
      });
      volunteerProfiles.push({
        user_id: id,
        kind,
        group_name: group ? `${home.name}${rngV.int(1, 9)}班` : null,
        headcount: group ? rngV.int(4, 30) : 1,
        skills: group
          ? '{snow,weeding,rubbish}'
          : rngV.pick([
              '{snow,rubbish}',
              '{snow,weeding,rubbish,shopping}',
              '{shopping,visit}',
              '{snow,weeding,rubbish,shopping,visit,other}',
            ]),
        equipment: rngV.chance(0.3) ? '{除雪機}' : '{スコップ}',
        helps_neighbours: rngV.chance(0.4),
        max_tasks_per_week: group ? rngV.int(4, 12) : rngV.int(1, 4),
        verification,
        verified_by: verification === 'pending' ? null : coordinatorOf.get(home.id)!,
        verified_at: verification === 'pending' ? null : new Date(createdAt.getTime() + 3 * DAY),
        insurance_expires_on: '2027-03-31',
        trusted: rngV.chance(0.15),
        created_at: createdAt,
        updated_at: createdAt,
      });
      volunteerKind.set(id, kind);
      volunteerHome.set(id, home.id);
      const served = [home.id];
      const near = neighbours.get(home.id) ?? [];
      if (near.length > 0 && rngV.chance(0.35)) served.push(rngV.pick(near));
      for (const districtId of served) {
        volunteerDistricts.push({
          volunteer_id: id,
          district_id: districtId,
          created_at: createdAt,
        });
        if (verification !== 'pending') servingByDistrict.get(districtId)!.push(id);
      }
      const days = [0, 1, 2, 3, 4, 5, 6].filter(() => rngV.chance(0.55));
      for (const weekday of days.length > 0 ? days : [6]) {
        availability.push({
          volunteer_id: id,
          weekday,
          start_minute: rngV.int(6, 10) * 60,
          end_minute: rngV.int(12, 19) * 60,
        });
      }
      volunteerRoles.push({ id: rngV.uuid(), user_id: id, role: 'volunteer', district_id: null });
    }
    // Rural districts with nobody of their own borrow from their neighbours.
    for (const d of allDistricts) {
      const serving = servingByDistrict.get(d.id)!;
      if (serving.length >= 3) continue;
      for (const near of neighbours.get(d.id) ?? []) {
        for (const id of (servingByDistrict.get(near) ?? []).slice(0, 3)) {
          if (serving.includes(id)) continue;
          serving.push(id);
          volunteerDistricts.push({ volunteer_id: id, district_id: d.id, created_at: fyStart });
        }
      }
    }
    log(`volunteers: ${scale.volunteers} (${groupCount} groups)`);
    await insertRows(sql, 'users', volunteerUsers, log);
    await insertRows(sql, 'volunteer_profiles', volunteerProfiles, log);
    await insertRows(sql, 'volunteer_districts', volunteerDistricts, log);
    await insertRows(sql, 'volunteer_availability', availability, log);
    await insertRows(sql, 'role_assignments', volunteerRoles, log);
    step('volunteers');

    // --- residents (some are volunteers too) ---------------------------------------------------
    const rngR = rngFor(seed, 'residents');
    const residentIds: string[] = [];
    const residentDistrict: string[] = [];
    const residentUsers: Row[] = [];
    const residentProfiles: Row[] = [];
    const residentRoles: Row[] = [];
    const individualVolunteers = volunteerProfiles
      .filter((p) => p.kind === 'individual')
      .map((p) => p.user_id as string);
    const reciprocal = new Set<string>();
    for (let i = 0; i < scale.reciprocal; i++) {
      reciprocal.add(
        individualVolunteers[Math.floor((i * individualVolunteers.length) / scale.reciprocal)]!,
      );
    }
    for (const id of reciprocal) {
      residentIds.push(id);
      residentDistrict.push(volunteerHome.get(id)!);
    }
    for (let i = 0; i < scale.residents - reciprocal.size; i++) {
      const id = rngR.uuid();
      residentIds.push(id);
      residentDistrict.push(allDistricts[pickDistrict(rngR)]!.id);
      const createdAt = new Date(
        jst(2019, 4, 1).getTime() + rngR.next() * (registerTo - registerFrom),
      );
      residentUsers.push({
        id,
        display_name: personName(rngR, rngR.chance(0.8)),
        created_at: createdAt,
        updated_at: createdAt,
      });
    }
    const districtName = new Map(allDistricts.map((d) => [d.id, d.name]));
    residentIds.forEach((id, i) => {
      const districtId = residentDistrict[i]!;
      residentProfiles.push({
        user_id: id,
        full_name: `利用者 ${i + 1}`,
        phone: `0166-${String(rngR.int(10, 99))}-${String(rngR.int(1000, 9999))}`,
        address: `旭川市${districtName.get(districtId)}${rngR.int(1, 12)}条${rngR.int(1, 20)}丁目${rngR.int(1, 30)}-${rngR.int(1, 20)}`,
        district_id: districtId,
        contact_preference: rngR.chance(0.8) ? 'phone' : 'visit',
        consent_at: jst(2024, 4, 1),
        consent_method: 'paper_form',
        consent_recorded_by: coordinatorOf.get(districtId)!,
      });
      residentRoles.push({ id: rngR.uuid(), user_id: id, role: 'resident', district_id: null });
    });
    log(`residents: ${residentIds.length} (${reciprocal.size} also volunteer)`);
    await insertRows(sql, 'users', residentUsers, log);
    await insertRows(sql, 'resident_profiles', residentProfiles, log);
    await insertRows(sql, 'role_assignments', residentRoles, log);
    step('residents');

    // --- help requests over FY2025, with matches, thanks and concerns --------------------------
    const rngQ = rngFor(seed, 'requests');
    // Days of the fiscal year, weighted by month and by snowstorms in winter.
    const days: { y: number; m: number; d: number; storm: boolean }[] = [];
    const dayWeights: number[] = [];
    for (let t = fyStart.getTime() + 9 * HOUR; ; t += DAY) {
      const date = new Date(t);
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth() + 1;
      const d = date.getUTCDate();
      if (y === FISCAL_YEAR + 1 && m === 4) break;
      const monthIndex = (m + 8) % 12;
      const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const winter = m === 12 || m <= 3 || m === 11;
      const storm = winter && rngQ.chance(0.12);
      days.push({ y, m, d, storm });
      dayWeights.push(((MONTH_WEIGHTS[monthIndex] ?? 1) / daysInMonth) * (storm ? 4 : 1));
    }
    const pickDay = cumulativePicker(dayWeights);
    // Some residents ask all winter long; most ask a few times.
    const pickResident = cumulativePicker(residentIds.map(() => 0.2 + rngQ.next() ** 3 * 10));
    const bookedSlots = new Map<string, Set<string>>();
    const requests: Row[] = [];
    const matchRows: Row[] = [];
    const thanksRows: Row[] = [];
    const concernRows: Row[] = [];
    const requestsByStatus: Record<string, number> = {};
    let completedMatches = 0;
    let minutesGiven = 0;
    const fyEnd = jst(FISCAL_YEAR + 1, 4, 1).getTime();
    const range = (a: Date, b: Date) => `[${a.toISOString()},${b.toISOString()})`;

    const book = (districtId: string, slotKey: string, taken: Set<string>): string | null => {
      const serving = servingByDistrict.get(districtId)!;
      if (serving.length === 0) return null;
      for (let attempt = 0; attempt < 12; attempt++) {
        const candidate = rngQ.pick(serving);
        if (taken.has(candidate)) continue;
        if (volunteerKind.get(candidate) === 'individual') {
          const slots = bookedSlots.get(candidate) ?? new Set<string>();
          if (slots.has(slotKey)) continue;
          slots.add(slotKey);
          bookedSlots.set(candidate, slots);
        }
        taken.add(candidate);
        return candidate;
      }
      return null;
    };

    for (let i = 0; i < scale.requests; i++) {
      const dayIndex = pickDay(rngQ);
      const day = days[dayIndex]!;
      const residentIndex = pickResident(rngQ);
      const residentId = residentIds[residentIndex]!;
      const districtId = residentDistrict[residentIndex]!;
      const category = categoryFor(rngQ, day.m);
      const createdAt = new Date(
        jst(day.y, day.m, day.d, 6).getTime() + Math.floor(rngQ.next() * 15 * HOUR),
      );
      const viaProxy = rngQ.chance(0.18);
      // The window: one of the four two-hour slots, one to four days later.
      const slotIndex = rngQ.int(0, SLOT_HOURS.length - 1);
      const windowDayIndex = dayIndex + rngQ.int(1, 4);
      const windowStart = new Date(
        jst(day.y, day.m, day.d, SLOT_HOURS[slotIndex]!).getTime() +
          (windowDayIndex - dayIndex) * DAY,
      );
      const windowEnd = new Date(windowStart.getTime() + 2 * HOUR);
      const slotKey = `${windowDayIndex}:${slotIndex}`;
      const peopleNeeded =
        category === 'snow' ? (rngQ.chance(0.8) ? 1 : rngQ.chance(0.75) ? 2 : 3) : 1;
      // Outcome: storms leave more requests unmatched; late March ones may still be accepted.
      const lateMarch = windowStart.getTime() > fyEnd - 6 * DAY;
      const roll = rngQ.next();
      let status: string;
      if (lateMarch && roll < 0.15) status = 'accepted';
      else if (roll < (day.storm ? 0.12 : 0.07)) status = 'unmatched';
      else if (roll < (day.storm ? 0.21 : 0.16)) status = 'cancelled';
      else status = 'done';
      const id = rngQ.uuid();
      // Hours to the first proposal: log-normal, slower in storms; before the window.
      const hoursToMatch = Math.min(
        Math.exp(Math.log(day.storm ? 6 : 2.5) + 1.1 * rngQ.normal()),
        (windowStart.getTime() - createdAt.getTime()) / HOUR - 1,
      );
      let lastChange = createdAt;
      const taken = new Set<string>();
      const matched =
        status === 'done' ||
        status === 'accepted' ||
        rngQ.chance(status === 'cancelled' ? 0.5 : 0.4);
      if (matched) {
        let proposedAt = new Date(createdAt.getTime() + Math.max(0.05, hoursToMatch) * HOUR);
        const places = status === 'cancelled' ? 1 : peopleNeeded;
        for (let slot = 0; slot < places; slot++) {
          // Declined or expired offers before the one that sticks.
          const refusals =
            status === 'unmatched' ? rngQ.int(1, 3) : rngQ.chance(0.3) ? rngQ.int(1, 2) : 0;
          for (let r = 0; r < refusals; r++) {
            const volunteerId = rngQ.pick(servingByDistrict.get(districtId)!);
            if (!volunteerId || taken.has(volunteerId)) continue;
            taken.add(volunteerId);
            const offeredAt = new Date(proposedAt.getTime() + rngQ.int(5, 60) * 60_000);
            const expired = rngQ.chance(0.35);
            const respondedAt = expired
              ? null
              : new Date(offeredAt.getTime() + rngQ.int(10, 300) * 60_000);
            const updated = respondedAt ?? new Date(offeredAt.getTime() + 12 * HOUR);
            matchRows.push({
              id: rngQ.uuid(),
              request_id: id,
              volunteer_id: volunteerId,
              slot,
              status: expired ? 'expired' : 'declined',
              score: Math.round(rngQ.next() * 100) / 100,
              booked_during: range(windowStart, windowEnd),
              exclusive: volunteerKind.get(volunteerId) === 'individual',
              decided_by: coordinatorOf.get(districtId)!,
              offered_at: offeredAt,
              offer_expires_at: new Date(offeredAt.getTime() + 12 * HOUR),
              responded_at: respondedAt,
              completed_at: null,
              minutes_spent: null,
              concern_raised: false,
              created_at: proposedAt,
              updated_at: updated,
            });
            if (updated > lastChange) lastChange = updated;
            proposedAt = new Date(updated.getTime() + rngQ.int(5, 120) * 60_000);
          }
          if (status === 'unmatched') break;
          const volunteerId = book(districtId, slotKey, taken);
          if (!volunteerId) continue;
          const offeredAt = new Date(proposedAt.getTime() + rngQ.int(5, 60) * 60_000);
          const respondedAt = new Date(offeredAt.getTime() + rngQ.int(10, 300) * 60_000);
          const matchId = rngQ.uuid();
          const matchStatus =
            status === 'done' ? 'completed' : status === 'cancelled' ? 'cancelled' : 'accepted';
          const [lo, hi] = MINUTES[category]!;
          const minutes = matchStatus === 'completed' ? rngQ.int(lo, hi) : null;
          const completedAt =
            matchStatus === 'completed'
              ? new Date(windowEnd.getTime() - rngQ.int(0, 60) * 60_000)
              : null;
          const concern = matchStatus === 'completed' && rngQ.chance(0.025);
          const updated = completedAt ?? respondedAt;
          matchRows.push({
            id: matchId,
            request_id: id,
            volunteer_id: volunteerId,
            slot,
            status: matchStatus,
            score: Math.round(rngQ.next() * 100) / 100,
            booked_during: range(windowStart, windowEnd),
            exclusive: volunteerKind.get(volunteerId) === 'individual',
            decided_by: coordinatorOf.get(districtId)!,
            offered_at: offeredAt,
            offer_expires_at: new Date(offeredAt.getTime() + 12 * HOUR),
            responded_at: respondedAt,
            completed_at: completedAt,
            minutes_spent: minutes,
            concern_raised: concern,
            created_at: proposedAt,
            updated_at: updated,
          });
          if (updated > lastChange) lastChange = updated;
          if (matchStatus === 'completed') {
            completedMatches++;
            minutesGiven += minutes!;
            if (rngQ.chance(0.45)) {
              thanksRows.push({
                id: rngQ.uuid(),
                match_id: matchId,
                request_id: id,
                from_user_id: residentId,
                to_user_id: volunteerId,
                message: rngQ.pick(THANKS_MESSAGES),
                created_at: new Date(completedAt!.getTime() + rngQ.int(1, 72) * HOUR),
              });
            }
            if (concern) {
              const followed = rngQ.chance(0.8);
              concernRows.push({
                id: rngQ.uuid(),
                match_id: matchId,
                request_id: id,
                district_id: districtId,
                raised_by: volunteerId,
                note: rngQ.pick(CONCERN_NOTES),
                status: followed ? 'followed_up' : 'open',
                followed_up_by: followed ? coordinatorOf.get(districtId)! : null,
                followed_up_at: followed ? new Date(completedAt!.getTime() + 2 * DAY) : null,
                created_at: completedAt,
              });
            }
          }
          proposedAt = new Date(proposedAt.getTime() + rngQ.int(0, 90) * 60_000);
        }
      }
      requestsByStatus[status] = (requestsByStatus[status] ?? 0) + 1;
      requests.push({
        id,
        resident_id: residentId,
        created_by: viaProxy ? coordinatorOf.get(districtId)! : residentId,
        via_proxy: viaProxy,
        district_id: districtId,
        category,
        status,
        address: residentProfiles[residentIndex]!.address ?? null,
        window_start: windowStart,
        window_end: windowEnd,
        as_soon_as_possible: category === 'snow' && rngQ.chance(0.6),
        people_needed: peopleNeeded,
        urgency: rngQ.chance(0.1) ? 'high' : rngQ.chance(0.2) ? 'low' : 'normal',
        notes: rngQ.chance(0.3) ? '玄関から道路まで' : null,
        unmatched_reason:
          status === 'unmatched' ? (taken.size > 0 ? 'too_many_refusals' : 'no_candidates') : null,
        matching_since: createdAt,
        created_at: createdAt,
        updated_at: lastChange,
      });
    }
    log(
      `requests: ${requests.length}, matches: ${matchRows.length}, thanks: ${thanksRows.length}, concerns: ${concernRows.length}`,
    );
    step('requests (in memory)');
    await insertRows(sql, 'help_requests', requests, log);
    step('help_requests');
    await insertRows(sql, 'matches', matchRows, log);
    step('matches');
    await insertRows(sql, 'thanks', thanksRows, log);
    await insertRows(sql, 'concerns', concernRows, log);
    step('thanks + concerns');

    // --- staff-entered indicator values (with a few corrections) -------------------------------
    const rngI = rngFor(seed, 'indicators');
    const indicators = await sql<
      {
        id: string;
        baseline_value: string | null;
        baseline_fy: number | null;
        target_kind: string;
        target_value: string | null;
        target_fy: number;
      }[]
    >`select id, baseline_value, baseline_fy, target_kind, target_value, target_fy
      from plan_indicators where measured_by = 'manual' order by sort_order`;
    const valueRows: Row[] = [];
    for (const indicator of indicators) {
      const from = Math.max(2019, (indicator.baseline_fy ?? 2022) + 1);
      const baseline = indicator.baseline_value === null ? null : Number(indicator.baseline_value);
      const target = indicator.target_value === null ? null : Number(indicator.target_value);
      for (let fy = from; fy <= FISCAL_YEAR; fy++) {
        let value: number | null = null;
        let text: string | null = null;
        if (baseline !== null && target !== null) {
          const share =
            (fy - (indicator.baseline_fy ?? fy)) /
            (indicator.target_fy - (indicator.baseline_fy ?? 0));
          value = baseline + (target - baseline) * share * (0.6 + 0.6 * rngI.next());
        } else if (baseline !== null) {
          value =
            baseline * (1 + 0.04 * (fy - (indicator.baseline_fy ?? fy)) + 0.03 * rngI.normal());
        } else {
          text = '実施';
        }
        if (value !== null) value = Math.round(value * 10) / 10;
        const entered = jst(fy + 1, 5, rngI.int(1, 28), 10);
        const corrections = rngI.chance(0.12) ? 2 : 1;
        for (let c = 0; c < corrections; c++) {
          valueRows.push({
            id: rngI.uuid(),
            indicator_id: indicator.id,
            fiscal_year: fy,
            value: value === null ? null : value + c * 0.5,
            value_text: text,
            note: c > 0 ? '集計誤りを訂正 / corrected' : null,
            entered_by: staff.council,
            created_at: new Date(entered.getTime() + c * 14 * DAY),
          });
        }
      }
    }
    await insertRows(sql, 'indicator_values', valueRows, log);
    step('indicator values');

    // As autovacuum would soon after a bulk load: statistics, and the visibility map that lets
    // the dashboard's covering indexes answer without visiting the table.
    await sql`vacuum analyze`;
    step('vacuum analyze');

    const counts: GeneratedCounts = {
      districts: allDistricts.length,
      centres: 7 + centreRows.length,
      volunteers: scale.volunteers,
      groups: groupCount,
      individuals: scale.volunteers - groupCount,
      residents: residentIds.length,
      reciprocalResidents: reciprocal.size,
      requests: requests.length,
      requestsByStatus,
      matches: matchRows.length,
      completedMatches,
      minutesGiven,
      thanks: thanksRows.length,
      concerns: concernRows.length,
      indicatorValues: valueRows.length,
    };
    const durationMs = Math.round(performance.now() - started);
    log(`generated in ${(durationMs / 1000).toFixed(1)} s`);
    return {
      seed,
      scale,
      version: GENERATOR_VERSION,
      fiscalYear: FISCAL_YEAR,
      counts,
      durationMs,
      stepsMs,
    };
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------------------------------------
// A named database, generated once per seed, scale and generator version

export function databaseUrl(name: string, server = testServerUrl()): string {
  return `${server}/${name}`;
}

/** What a generated database says about itself (stored as the database's comment). */
export async function storedGeneration(
  name: string,
  server = testServerUrl(),
): Promise<GenerateResult | null> {
  const { sql, close } = createDb({ url: databaseUrl('postgres', server), max: 1 });
  try {
    const [row] = await sql<{ comment: string | null }[]>`
      select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`;
    if (!row?.comment) return null;
    try {
      return JSON.parse(row.comment) as GenerateResult;
    } catch {
      return null;
    }
  } finally {
    await close();
  }
}

/**
 * Makes sure `name` holds the city for this seed and scale: reuses it when its stored
 * generation matches, otherwise drops it, migrates a fresh one and generates.
 */
export async function ensureGenerated(options: {
  name: string;
  seed: number;
  scale: Scale;
  server?: string;
  force?: boolean;
  log?: (line: string) => void;
}): Promise<{ result: GenerateResult; reused: boolean }> {
  const server = options.server ?? testServerUrl();
  const log = options.log ?? (() => {});
  const stored = options.force ? null : await storedGeneration(options.name, server);
  const url = databaseUrl(options.name, server);
  if (
    stored &&
    stored.seed === options.seed &&
    stored.version === GENERATOR_VERSION &&
    stored.scale.name === options.scale.name &&
    stored.scale.requests === options.scale.requests
  ) {
    log(
      `database ${options.name} already holds seed ${options.seed} (${options.scale.name}); reusing it`,
    );
    await runMigrations(url);
    return { result: stored, reused: true };
  }
  await dropDatabase(options.name);
  await ensureDatabase(url);
  await runMigrations(url);
  const result = await generateCity({ url, seed: options.seed, scale: options.scale, log });
  const { sql, close } = createDb({ url: databaseUrl('postgres', server), max: 1 });
  try {
    const comment = JSON.stringify(result).replaceAll("'", "''");
    await sql.unsafe(`comment on database ${options.name} is '${comment}'`);
  } finally {
    await close();
  }
  return { result, reused: false };
}

export const FULL_DATABASE = 'sasaeai_council_bench';

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      database: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const scale = values.quick ? SCALES.quick : SCALES.full;
  const name = values.database ?? (values.quick ? 'sasaeai_council_bench_quick' : FULL_DATABASE);
  const seed = Number(values.seed);
  const log = (line: string) => console.log(`[generate] ${line}`);
  const { result, reused } = await ensureGenerated({
    name,
    seed,
    scale,
    force: values.force ?? false,
    log,
  });
  log(`${reused ? 'reused' : 'generated'} ${name}: seed ${result.seed}`);
  console.table(result.counts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
