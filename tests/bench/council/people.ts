/** The city's people: staff accounts, volunteers (individuals and groups) and residents. */
import { hashPassword } from '@sasaeai/db';
import { GIVEN_NAMES, SURNAMES } from '../../../packages/db/src/seed/names.ts';
import { BENCH_ACCOUNTS, BENCH_PASSWORD, COORDINATOR_DISTRICTS, FISCAL_YEAR } from './config.ts';
import type { CityDistrict } from './places.ts';
import { cumulativePicker, rngFor, type Rng } from './rng.ts';
import { DAY, jst } from './time.ts';
import { insertRows, type Row, type StepContext } from './write.ts';

function personName(rng: Rng, older: boolean) {
  const [family] = rng.pick(SURNAMES);
  const given = GIVEN_NAMES.filter(([, , o]) => o === older);
  const [first] = rng.pick(given);
  return `${family} ${first}`;
}

export interface Staff {
  council: string;
  coordinator: string;
  admin: string;
}

/** Staff accounts, and one coordinator per district (no log-in). */
export async function generateStaff(
  { sql, seed, log, step }: StepContext,
  {
    allDistricts,
    districtIdByCode,
  }: { allDistricts: readonly CityDistrict[]; districtIdByCode: Map<string, string> },
) {
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
  return { staff, coordinatorOf, fyStart };
}

// Registration dates: a growing register from FY2019 to the end of FY2025.
const registerFrom = jst(2019, 4, 1).getTime();
const registerTo = jst(2026, 3, 20).getTime();

/** Volunteers with their districts, weekly availability and roles. */
export async function generateVolunteers(
  { sql, seed, scale, log, step }: StepContext,
  {
    allDistricts,
    districtWeights,
    neighbours,
    coordinatorOf,
    fyStart,
  }: {
    allDistricts: readonly CityDistrict[];
    districtWeights: readonly number[];
    neighbours: Map<string, string[]>;
    coordinatorOf: Map<string, string>;
    fyStart: Date;
  },
) {
  const rngV = rngFor(seed, 'volunteers');
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
  for (let i = 0; i < scale.volunteers; i++) {
    const id = rngV.uuid();
    const group = i % Math.round(1 / scale.groupShare) === 0 && i / 10 < groupCount;
    const kind = group ? 'group' : 'individual';
    const home = allDistricts[pickVolunteerDistrict(rngV)]!;
    // Later registrations are more common (sqrt skews towards the end).
    const createdAt = new Date(registerFrom + Math.sqrt(rngV.next()) * (registerTo - registerFrom));
    const verification = rngV.chance(0.93) ? 'active' : rngV.chance(0.6) ? 'pending' : 'suspended';
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
  return { groupCount, volunteerProfiles, servingByDistrict, volunteerKind, volunteerHome };
}

/** Residents (some are volunteers too). */
export async function generateResidents(
  { sql, seed, scale, log, step }: StepContext,
  {
    allDistricts,
    districtWeights,
    volunteerProfiles,
    volunteerHome,
    coordinatorOf,
  }: {
    allDistricts: readonly CityDistrict[];
    districtWeights: readonly number[];
    volunteerProfiles: readonly Row[];
    volunteerHome: Map<string, string>;
    coordinatorOf: Map<string, string>;
  },
) {
  const rngR = rngFor(seed, 'residents');
  const pickDistrict = cumulativePicker(districtWeights);
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
  return { residentIds, residentDistrict, residentProfiles, reciprocal };
}
