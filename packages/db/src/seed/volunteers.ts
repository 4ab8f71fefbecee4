/*
 * Over 400 lines on purpose: the demo city's volunteers (individuals and groups, their districts,
 * availability, insurance and verification) are drawn together from one seeded generator, so
 * the same seed always yields the same city.
 */
import type { HelpCategory, VerificationStatus, VolunteerKind } from '@sasaeai/contracts';
import type { DbOrTx } from '../client.ts';
import {
  replaceRoles,
  upsertUsers,
  writeVolunteerProfiles,
  type AvailabilitySeed,
} from './accounts.ts';
import { DEMO_DISTRICTS } from './districts-data.ts';
import { COMPANY_GROUPS, NEIGHBOURHOOD_GROUP_SUFFIXES, SCHOOL_GROUPS, drawName } from './names.ts';
import { drawNeighbourhood } from './places.ts';
import { noProgress, type OnProgress } from './progress.ts';
import { streamFor, type Random } from '@sasaeai/core';
import { chunk } from './sql.ts';
import { fiscalYearEnd, fiscalYearOf, jstInstant, type JstDay } from './time.ts';

/** Equipment vocabulary used in the demo (free text in the schema). */
export const EQUIPMENT = ['スノーダンプ', 'スコップ', '除雪機', '軽トラック', '草刈り機'] as const;
type Equipment = (typeof EQUIPMENT)[number];

/** Rough relative population of the demo districts: where volunteers live. */
export const DISTRICT_WEIGHTS: Readonly<Record<string, number>> = {
  chuo: 14,
  'shin-asahikawa': 10,
  taisei: 6,
  nagayama: 14,
  'higashi-asahikawa': 6,
  toyooka: 9,
  toko: 10,
  kagura: 8,
  kaguraoka: 7,
  midorigaoka: 6,
  'nishi-kagura': 2,
  kamui: 10,
  chuwa: 4,
  asahimachi: 8,
  hokusei: 6,
  shunko: 7,
  shunkodai: 4,
  suehiro: 9,
  'higashi-takasu': 4,
  etanbetsu: 1,
};

/** One generated demo volunteer, in district codes (no database ids yet). */
export interface VolunteerSeed {
  /** `v0001@example.invalid`: a reserved domain, so no mail can ever reach anyone. */
  email: string;
  displayName: string;
  kind: VolunteerKind;
  groupName: string | null;
  headcount: number;
  representativeName: string | null;
  homeDistrict: string;
  /** Home district first, sometimes one neighbour. */
  districts: string[];
  helpsNeighbours: boolean;
  skills: HelpCategory[];
  equipment: Equipment[];
  maxTasksPerWeek: number;
  verification: VerificationStatus;
  /** Days before today when a coordinator verified them; null while pending. */
  verifiedDaysAgo: number | null;
  insuranceExpiresOn: string | null;
  trusted: boolean;
  availability: AvailabilitySeed[];
}

export interface GenerateVolunteersOptions {
  seed: number;
  today: JstDay;
  count?: number;
  groups?: number;
  /** Names already in use (demo accounts, other people); extended with the names drawn here. */
  takenNames?: Set<string>;
}

const neighboursOf = new Map(DEMO_DISTRICTS.map((d) => [d.code, d.neighbours]));
const h = (hour: number, minute = 0) => hour * 60 + minute;

function slot(weekday: number, start: number, end: number): AvailabilitySeed {
  return { weekday, startMinute: start, endMinute: end };
}

/** Drops slots that would repeat a (weekday, start) key and sorts the rest. */
function tidy(slots: AvailabilitySeed[]): AvailabilitySeed[] {
  const seen = new Map<string, AvailabilitySeed>();
  for (const s of slots) seen.set(`${s.weekday}-${s.startMinute}`, s);
  return [...seen.values()].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
}

function someWeekdays(rng: Random, min: number, max: number): number[] {
  return rng.shuffle([1, 2, 3, 4, 5]).slice(0, rng.int(min, max));
}

type Lifestyle = 'retired' | 'working' | 'student';

function individualAvailability(rng: Random, lifestyle: Lifestyle): AvailabilitySeed[] {
  const slots: AvailabilitySeed[] = [];
  switch (lifestyle) {
    case 'retired': {
      const [start, end] = rng.pick([
        [h(9), h(12)],
        [h(13), h(16)],
        [h(8), h(15)],
      ] as const);
      for (const day of someWeekdays(rng, 2, 4)) slots.push(slot(day, start, end));
      if (rng.chance(0.3)) slots.push(slot(6, h(9), h(12)));
      break;
    }
    case 'working':
      if (rng.chance(0.8)) slots.push(slot(6, h(8), rng.pick([h(12), h(16)])));
      if (rng.chance(0.6)) slots.push(slot(0, h(9), h(15)));
      // Snow before work: early mornings on weekdays.
      if (rng.chance(0.35))
        for (const day of someWeekdays(rng, 2, 5)) slots.push(slot(day, h(6), h(8)));
      if (slots.length === 0) slots.push(slot(6, h(9), h(12)));
      break;
    case 'student':
      for (const day of someWeekdays(rng, 1, 3)) slots.push(slot(day, h(16), h(18)));
      slots.push(slot(6, h(10), h(15)));
      break;
  }
  return tidy(slots);
}

const INDIVIDUAL_SKILL_ODDS: readonly (readonly [HelpCategory, number])[] = [
  ['snow', 0.75],
  ['weeding', 0.3],
  ['rubbish', 0.35],
  ['shopping', 0.3],
  ['visit', 0.25],
  ['other', 0.1],
];

function drawSkills(
  rng: Random,
  odds: readonly (readonly [HelpCategory, number])[],
): HelpCategory[] {
  const skills = odds.filter(([, p]) => rng.chance(p)).map(([category]) => category);
  return skills.length > 0 ? skills : ['snow'];
}

function drawEquipment(
  rng: Random,
  skills: HelpCategory[],
  odds: Partial<Record<Equipment, number>>,
) {
  const has = (c: HelpCategory) => skills.includes(c);
  return EQUIPMENT.filter((item) => {
    if ((item === 'スノーダンプ' || item === 'スコップ' || item === '除雪機') && !has('snow'))
      return false;
    if (item === '草刈り機' && !has('weeding')) return false;
    return rng.chance(odds[item] ?? 0);
  });
}

function drawVerification(rng: Random, today: JstDay) {
  const verification = rng.weighted<VerificationStatus>([
    ['active', 84],
    ['pending', 13],
    ['suspended', 3],
  ]);
  const current = fiscalYearEnd(fiscalYearOf(today));
  const previous = fiscalYearEnd(fiscalYearOf(today) - 1);
  // Volunteer activity insurance runs to 31 March; an expired one still shows last year's date.
  const insuranceExpiresOn =
    verification === 'active'
      ? rng.chance(0.9)
        ? current
        : previous
      : verification === 'pending'
        ? rng.chance(0.5)
          ? current
          : null
        : rng.pick([current, previous]);
  return {
    verification,
    verifiedDaysAgo: verification === 'pending' ? null : rng.int(14, 600),
    insuranceExpiresOn,
    trusted: verification === 'active' && rng.chance(0.2),
  };
}

function drawDistricts(rng: Random, home: string) {
  const districts = [home];
  const neighbours = neighboursOf.get(home) ?? [];
  if (neighbours.length > 0 && rng.chance(0.3)) districts.push(rng.pick(neighbours));
  return { districts, helpsNeighbours: rng.chance(0.35) };
}

type GroupKind = 'neighbourhood' | 'company' | 'school';

/**
 * Generates demo volunteers deterministically: the same seed and day give the same people.
 * About 15% are groups (町内会 helper groups, companies, school and university clubs).
 */
export function generateVolunteers({
  seed,
  today,
  count = 200,
  groups = 30,
  takenNames = new Set<string>(),
}: GenerateVolunteersOptions): VolunteerSeed[] {
  const rng = streamFor(seed, 'volunteers');
  const districtWeights = Object.entries(DISTRICT_WEIGHTS);
  const kinds = rng.shuffle<VolunteerKind>([
    ...Array<VolunteerKind>(groups).fill('group'),
    ...Array<VolunteerKind>(Math.max(0, count - groups)).fill('individual'),
  ]);
  const companies = rng.shuffle(COMPANY_GROUPS);
  const schools = rng.shuffle(SCHOOL_GROUPS);
  // Roughly half the groups are 町内会 helper groups, the rest companies and school clubs.
  const neighbourhoodShare = Math.ceil(groups / 2);
  const companyCount = Math.min(companies.length, Math.round((groups - neighbourhoodShare) * 0.55));
  const schoolCount = Math.min(schools.length, groups - neighbourhoodShare - companyCount);
  const groupKinds = rng.shuffle<GroupKind>([
    ...Array<GroupKind>(groups - companyCount - schoolCount).fill('neighbourhood'),
    ...Array<GroupKind>(companyCount).fill('company'),
    ...Array<GroupKind>(schoolCount).fill('school'),
  ]);
  const groupNames = new Set<string>();

  return kinds.map((kind, index): VolunteerSeed => {
    const email = `v${String(index + 1).padStart(4, '0')}@example.invalid`;
    const homeDistrict = rng.weighted(districtWeights);
    const { districts, helpsNeighbours } = drawDistricts(rng, homeDistrict);
    const checks = drawVerification(rng, today);

    if (kind === 'individual') {
      const lifestyle = rng.weighted<Lifestyle>([
        ['retired', 40],
        ['working', 40],
        ['student', 20],
      ]);
      const generation = { retired: 'older', working: 'any', student: 'younger' } as const;
      const person = drawName(rng, takenNames, generation[lifestyle]);
      const skills = drawSkills(rng, INDIVIDUAL_SKILL_ODDS);
      return {
        email,
        displayName: person.name,
        kind,
        groupName: null,
        headcount: 1,
        representativeName: null,
        homeDistrict,
        districts,
        helpsNeighbours,
        skills,
        equipment: drawEquipment(rng, skills, {
          スノーダンプ: 0.6,
          スコップ: 0.7,
          除雪機: 0.08,
          軽トラック: skills.includes('rubbish') ? 0.25 : 0.08,
          草刈り機: 0.3,
        }),
        maxTasksPerWeek: rng.weighted([
          [1, 3],
          [2, 4],
          [3, 3],
          [4, 1],
          [5, 1],
        ]),
        ...checks,
        availability: individualAvailability(rng, lifestyle),
      };
    }

    const groupKind = groupKinds.shift() ?? 'neighbourhood';
    let groupName: string;
    let headcount: number;
    let skills: HelpCategory[];
    let equipment: Equipment[];
    let availability: AvailabilitySeed[];
    if (groupKind === 'company' && companies.length > 0) {
      groupName = companies.shift() as string;
      headcount = rng.int(5, 25);
      skills = drawSkills(rng, [
        ['snow', 0.9],
        // A landscaping company always offers weeding.
        ['weeding', groupName.includes('造園') ? 1 : 0.4],
        ['rubbish', 0.2],
        ['other', 0.2],
      ]);
      equipment = drawEquipment(rng, skills, {
        スノーダンプ: 0.8,
        スコップ: 0.9,
        除雪機: 0.6,
        軽トラック: 0.7,
        草刈り機: 0.7,
      });
      availability = tidy([
        slot(6, h(9), h(15)),
        ...(rng.chance(0.3) ? someWeekdays(rng, 2, 5).map((d) => slot(d, h(6), h(8))) : []),
      ]);
    } else if (groupKind === 'school' && schools.length > 0) {
      groupName = schools.shift() as string;
      headcount = rng.int(8, 25);
      skills = drawSkills(rng, [
        ['snow', 0.85],
        ['weeding', 0.3],
        ['visit', 0.3],
        ['shopping', 0.1],
      ]);
      equipment = drawEquipment(rng, skills, { スノーダンプ: 0.7, スコップ: 0.9 });
      availability = tidy([
        ...someWeekdays(rng, 2, 3).map((d) => slot(d, h(15, 30), h(17, 30))),
        slot(6, h(9), h(12)),
      ]);
    } else {
      let name: string;
      let suffix: string;
      do {
        suffix = rng.weighted(NEIGHBOURHOOD_GROUP_SUFFIXES);
        name = `${drawNeighbourhood(rng, homeDistrict)}町内会 ${suffix}`;
      } while (groupNames.has(name));
      groupName = name;
      headcount = rng.int(3, 18);
      skills = drawSkills(rng, [
        ['snow', 1],
        ['weeding', 0.4],
        ['rubbish', 0.3],
        // A 見守り隊 (watch-over group) always visits.
        ['visit', suffix === '見守り隊' ? 1 : 0.15],
      ]);
      equipment = drawEquipment(rng, skills, {
        スノーダンプ: 1,
        スコップ: 1,
        除雪機: 0.4,
        軽トラック: 0.3,
        草刈り機: 0.6,
      });
      availability = tidy([
        slot(6, h(8), h(12)),
        ...(rng.chance(0.6) ? [slot(0, h(8), h(12))] : []),
        ...(rng.chance(0.3) ? someWeekdays(rng, 3, 5).map((d) => slot(d, h(6, 30), h(8, 30))) : []),
      ]);
    }
    groupNames.add(groupName);
    // 町内会 groups are led by older residents; companies and clubs by staff or teachers.
    const representative = drawName(
      rng,
      takenNames,
      groupKind === 'neighbourhood' ? 'older' : 'younger',
    );
    return {
      email,
      displayName: groupName,
      kind,
      groupName,
      headcount,
      representativeName: representative.name,
      homeDistrict,
      districts,
      helpsNeighbours,
      skills,
      equipment,
      maxTasksPerWeek: rng.int(2, 5),
      ...checks,
      availability,
    };
  });
}

export interface SeedVolunteersOptions {
  volunteers: readonly VolunteerSeed[];
  districtIds: ReadonlyMap<string, string>;
  today: JstDay;
  /** Recorded as the verifier for volunteers living in the coordinator's districts. */
  coordinator?: { id: string; districts: readonly string[] };
  onProgress?: OnProgress;
  batchSize?: number;
}

/** Writes the generated volunteers: users (no log-in), volunteer role, profiles. */
export async function seedVolunteers(
  db: DbOrTx,
  {
    volunteers,
    districtIds,
    today,
    coordinator,
    onProgress = noProgress,
    batchSize = 50,
  }: SeedVolunteersOptions,
): Promise<Map<string, string>> {
  const district = (code: string): string => {
    const id = districtIds.get(code);
    if (!id) throw new Error(`volunteers: unknown district ${code}`);
    return id;
  };
  const allIds = new Map<string, string>();
  let done = 0;
  for (const batch of chunk(volunteers, batchSize)) {
    const ids = await upsertUsers(
      db,
      batch.map((v) => ({ email: v.email, displayName: v.displayName, passwordHash: null })),
    );
    const userId = (v: VolunteerSeed) => ids.get(v.email) as string;
    await replaceRoles(
      db,
      [...ids.values()],
      batch.map((v) => ({ userId: userId(v), role: 'volunteer' as const, districtId: null })),
    );
    await writeVolunteerProfiles(
      db,
      batch.map((v) => ({
        userId: userId(v),
        kind: v.kind,
        groupName: v.groupName,
        headcount: v.headcount,
        representativeName: v.representativeName,
        skills: v.skills,
        equipment: v.equipment,
        helpsNeighbours: v.helpsNeighbours,
        maxTasksPerWeek: v.maxTasksPerWeek,
        verification: v.verification,
        verifiedBy:
          v.verifiedDaysAgo !== null && coordinator?.districts.includes(v.homeDistrict)
            ? coordinator.id
            : null,
        verifiedAt:
          v.verifiedDaysAgo === null ? null : jstInstant(today, -v.verifiedDaysAgo, h(10)),
        insuranceExpiresOn: v.insuranceExpiresOn,
        trusted: v.trusted,
        districtIds: v.districts.map(district),
        availability: v.availability,
      })),
    );
    for (const [email, id] of ids) allIds.set(email, id);
    done += batch.length;
    onProgress({ step: 'volunteers', done, total: volunteers.length });
  }
  return allIds;
}
