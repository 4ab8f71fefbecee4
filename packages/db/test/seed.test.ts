import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/passwords.ts';
import {
  DEMO_ACCOUNT_KEYS,
  DEMO_CREDENTIALS,
  DEMO_DISTRICTS,
  countDemoAccounts,
  formatProgress,
  generateDemoData,
  seedDemo,
  seedReferenceData,
  type SeedProgress,
  type SeedSummary,
} from '../src/seed/index.ts';
import { seededRandom } from '@sasaeai/core';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

/** Every table the seed could touch, for "a second run changes no counts". */
const TABLES = [
  'districts',
  'district_neighbours',
  'volunteer_centres',
  'users',
  'sessions',
  'role_assignments',
  'resident_profiles',
  'volunteer_profiles',
  'volunteer_districts',
  'volunteer_availability',
  'help_requests',
  'matches',
  'outbox',
  'audit_events',
  'insurance_plans',
  'insurance_enrolments',
] as const;

const NOW = new Date('2026-11-26T23:00:00Z'); // 2026-11-27 08:00 JST, a Friday in snow season

let t: TestDatabase;
let first: SeedSummary;
let firstMs: number;
const progress: SeedProgress[] = [];

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await t.sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table}`);
    counts[table] = row?.n ?? -1;
  }
  return counts;
}

async function volunteerNames(): Promise<string[]> {
  const rows = await t.sql<{ display_name: string }[]>`
    select u.display_name from users u join volunteer_profiles v on v.user_id = u.id
    where u.email like 'v%@example.invalid' order by u.email`;
  return rows.map((r) => r.display_name);
}

beforeAll(async () => {
  t = await createTestDatabase('seed');
  const started = performance.now();
  first = await seedDemo({ db: t.db, now: NOW, onProgress: (p) => progress.push(p) });
  firstMs = performance.now() - started;
});

afterAll(async () => {
  await t?.drop();
});

describe('seedDemo', () => {
  it('finishes well within the time budget and reports progress per step', () => {
    expect(firstMs).toBeLessThan(10_000);
    const lines = progress.map(formatProgress);
    expect(lines).toContain('seed: districts 20/20');
    expect(lines).toContain('seed: centres 7/7');
    expect(lines).toContain('seed: demo accounts 7/7');
    expect(lines).toContain('seed: volunteers 100/200');
    expect(lines).toContain('seed: volunteers 200/200');
    expect(lines).toContain('seed: residents 40/40');
    expect(lines).toContain('seed: requests 50/50');
  });

  it('seeds the 20 demo districts with symmetric neighbour links', async () => {
    const districts = await t.sql<{ code: string; name: string; lat: number }[]>`
      select code, name, lat from districts order by code`;
    expect(districts).toHaveLength(20);
    expect(districts.map((d) => d.code).sort()).toEqual(DEMO_DISTRICTS.map((d) => d.code).sort());
    const links = await t.sql<{ a: string; b: string }[]>`
      select da.code as a, db.code as b from district_neighbours n
      join districts da on da.id = n.district_id join districts db on db.id = n.neighbour_id`;
    const set = new Set(links.map((l) => `${l.a}>${l.b}`));
    for (const district of DEMO_DISTRICTS) {
      expect(district.neighbours.length).toBeGreaterThan(0);
      for (const n of district.neighbours) {
        expect(set.has(`${district.code}>${n}`)).toBe(true);
        expect(set.has(`${n}>${district.code}`)).toBe(true);
      }
    }
    expect(first.districts).toBe(20);
    expect(first.neighbourLinks).toBe(links.length);
  });

  it('seeds centres: four open (opened FY2024–FY2026) and three planned', async () => {
    const centres = await t.sql<{ name: string; status: string; opened_on: string | null }[]>`
      select name, status, opened_on::text from volunteer_centres`;
    const open = centres.filter((c) => c.status === 'open');
    expect(open).toHaveLength(4);
    expect(centres.filter((c) => c.status === 'planned')).toHaveLength(3);
    for (const c of open) {
      expect(c.opened_on! >= '2024-04-01' && c.opened_on! <= '2027-03-31').toBe(true);
    }
    expect(centres.map((c) => c.name)).toContain('中央地区ボランティアセンター');
  });

  it('creates one demo log-in account per role, with the documented roles', async () => {
    const rows = await t.sql<
      { email: string; role: string; district: string | null; is_demo: boolean }[]
    >`
      select u.email, r.role, d.code as district, u.is_demo from users u
      join role_assignments r on r.user_id = u.id left join districts d on d.id = r.district_id
      where u.email like '%@demo.sasaeai.jp' order by u.email, r.role, d.code`;
    for (const key of DEMO_ACCOUNT_KEYS) {
      const account = DEMO_CREDENTIALS.accounts[key];
      const held = rows
        .filter((r) => r.email === account.email)
        .map((r) => `${r.role}:${r.district ?? ''}`)
        .sort();
      expect(held, key).toEqual(account.roles.map((r) => `${r.role}:${r.district ?? ''}`).sort());
    }
    expect(rows.every((r) => r.is_demo)).toBe(true);
    // Exactly one dedicated account for each role, plus the resident-and-volunteer account.
    for (const role of ['resident', 'volunteer', 'coordinator', 'council', 'admin', 'minsei_iin']) {
      const dedicated = DEMO_ACCOUNT_KEYS.filter(
        (key) =>
          key !== 'both' && DEMO_CREDENTIALS.accounts[key].roles.some((r) => r.role === role),
      );
      expect(dedicated, role).toHaveLength(1);
    }
    const both = rows.filter((r) => r.email === 'both@demo.sasaeai.jp').map((r) => r.role);
    expect(both.sort()).toEqual(['resident', 'volunteer']);
  });

  it('scopes the demo coordinator to 中央 and 新旭川 only', async () => {
    const rows = await t.sql<{ code: string }[]>`
      select d.code from role_assignments r join users u on u.id = r.user_id
      join districts d on d.id = r.district_id
      where u.email = 'coordinator@demo.sasaeai.jp' and r.role = 'coordinator' order by d.code`;
    expect(rows.map((r) => r.code)).toEqual(['chuo', 'shin-asahikawa']);
    const unscoped = await t.sql`
      select 1 from role_assignments where role = 'coordinator' and district_id is null`;
    expect(unscoped).toHaveLength(0);
    const scopedOthers = await t.sql`
      select 1 from role_assignments
      where role not in ('coordinator', 'minsei_iin') and district_id is not null`;
    expect(scopedOthers).toHaveLength(0);
  });

  it('lets every demo account log in with the demo password, sharing one hash', async () => {
    const rows = await t.sql<{ email: string; password_hash: string | null }[]>`
      select email, password_hash from users where email like '%@demo.sasaeai.jp'`;
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(1);
    const hash = rows[0]?.password_hash;
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash!, DEMO_CREDENTIALS.password)).toBe(true);
    expect(await verifyPassword(hash!, 'not-the-demo-password')).toBe(false);
  });

  it('gives the demo resident a consented profile in 中央 and the demo volunteer an active one', async () => {
    const [resident] = await t.sql<
      {
        full_name: string;
        full_name_kana: string;
        phone: string;
        address: string;
        code: string;
        consent_at: string | null;
      }[]
    >`
      select p.full_name, p.full_name_kana, p.phone, p.address, d.code, p.consent_at
      from resident_profiles p join users u on u.id = p.user_id join districts d on d.id = p.district_id
      where u.email = 'resident@demo.sasaeai.jp'`;
    expect(resident).toMatchObject({ code: 'chuo' });
    expect(resident?.full_name_kana).toBeTruthy();
    expect(resident?.phone).toMatch(/^0166-\d{2}-\d{4}$/);
    expect(resident?.address).toMatch(/^旭川市\d+条通/);
    expect(resident?.consent_at).toBeTruthy();

    const [volunteer] = await t.sql<{ verification: string; districts: string[]; slots: number }[]>`
      select v.verification,
        array(select d.code from volunteer_districts vd join districts d on d.id = vd.district_id
              where vd.volunteer_id = v.user_id) as districts,
        (select count(*)::int from volunteer_availability a where a.volunteer_id = v.user_id) as slots
      from volunteer_profiles v join users u on u.id = v.user_id
      where u.email = 'volunteer@demo.sasaeai.jp'`;
    expect(volunteer).toMatchObject({ verification: 'active', districts: ['chuo'] });
    expect(volunteer?.slots).toBeGreaterThan(0);

    const both = await t.sql`
      select 1 from users u join resident_profiles r on r.user_id = u.id
      join volunteer_profiles v on v.user_id = u.id where u.email = 'both@demo.sasaeai.jp'`;
    expect(both).toHaveLength(1);
  });

  it('seeds about 200 volunteers: 30 groups, the rest individuals, none able to log in', async () => {
    const rows = await t.sql<
      {
        kind: string;
        headcount: number;
        representative_name: string | null;
        skills: string[];
        password_hash: string | null;
        is_demo: boolean;
        verification: string;
        districts: number;
        slots: number;
      }[]
    >`
      select v.kind, v.headcount, v.representative_name, v.skills, u.password_hash, u.is_demo, v.verification,
        (select count(*)::int from volunteer_districts d where d.volunteer_id = v.user_id) as districts,
        (select count(*)::int from volunteer_availability a where a.volunteer_id = v.user_id) as slots
      from volunteer_profiles v join users u on u.id = v.user_id
      where u.email like 'v%@example.invalid'`;
    expect(rows).toHaveLength(200);
    const groups = rows.filter((r) => r.kind === 'group');
    expect(groups).toHaveLength(30);
    for (const g of groups) {
      expect(g.headcount).toBeGreaterThanOrEqual(3);
      expect(g.headcount).toBeLessThanOrEqual(25);
      expect(g.representative_name).toBeTruthy();
    }
    expect(rows.filter((r) => r.kind === 'individual').every((r) => r.headcount === 1)).toBe(true);
    expect(rows.every((r) => r.password_hash === null && r.is_demo)).toBe(true);
    expect(rows.every((r) => r.skills.length > 0 && r.districts > 0 && r.slots > 0)).toBe(true);

    const bySkill = new Map<string, number>();
    for (const r of rows) for (const s of r.skills) bySkill.set(s, (bySkill.get(s) ?? 0) + 1);
    const [topSkill] = [...bySkill].sort((a, b) => b[1] - a[1]);
    expect(topSkill?.[0]).toBe('snow');

    const active = rows.filter((r) => r.verification === 'active').length;
    expect(active).toBeGreaterThan(rows.length * 0.7);
    expect(rows.some((r) => r.verification === 'pending')).toBe(true);
    expect(rows.some((r) => r.verification === 'suspended')).toBe(true);
    // Verified volunteers were verified in the districts they serve; pending ones nowhere yet.
    const [mismatched] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from volunteer_profiles v
      where array(select x from unnest(v.verified_district_ids) x order by x) is distinct from
        case when v.verification = 'pending' then '{}'::uuid[] else array(
          select vd.district_id from volunteer_districts vd
          where vd.volunteer_id = v.user_id order by 1) end`;
    expect(mismatched?.n).toBe(0);

    const [groupNames] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from volunteer_profiles where group_name like '%町内会 %'`;
    expect(groupNames?.n).toBeGreaterThan(0);
    expect(first.volunteers).toMatchObject({ groups: 30, total: 202 });
  });

  it('seeds about 50 requests from about 40 residents, mostly open, and one past match', async () => {
    const rows = await t.sql<
      {
        key: string;
        status: string;
        created_by: string;
        resident_id: string;
        request_district: string;
        resident_district: string;
        address: string;
        resident_address: string;
        people_needed: number;
        sensitive_notes: string | null;
        start_hour: number;
        window_start_ms: number;
      }[]
    >`
      select r.idempotency_key as key, r.status, r.created_by, r.resident_id,
        r.district_id as request_district, p.district_id as resident_district,
        r.address, p.address as resident_address, r.people_needed, r.sensitive_notes,
        extract(hour from r.window_start at time zone 'Asia/Tokyo')::int as start_hour,
        extract(epoch from r.window_start)::float8 * 1000 as window_start_ms
      from help_requests r join resident_profiles p on p.user_id = r.resident_id
      where r.idempotency_key like 'seed-%'`;
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.resident_id)).size).toBe(40);
    for (const r of rows) {
      expect(r.key).toMatch(/^seed-\d{4}$/);
      expect(r.created_by).toBe(r.resident_id);
      expect(r.request_district).toBe(r.resident_district);
      expect(r.address).toBe(r.resident_address);
      expect(r.address).toMatch(/^旭川市/);
      expect(r.people_needed).toBeGreaterThanOrEqual(1);
      expect(r.people_needed).toBeLessThanOrEqual(3);
      expect(r.sensitive_notes).toBeNull();
      expect(r.start_hour).toBeGreaterThanOrEqual(7);
      expect(r.start_hour).toBeLessThan(17);
      if (r.status === 'open') expect(r.window_start_ms).toBeGreaterThan(NOW.getTime());
    }
    const open = rows.filter((r) => r.status === 'open').length;
    expect(open).toBeGreaterThan(40);
    expect(rows.some((r) => r.status === 'done')).toBe(true);
    expect(rows.some((r) => r.status === 'cancelled')).toBe(true);
    // The one match is the demo volunteer's past task for the demo resident (continuity).
    const [matches] = await t.sql<{ n: number }[]>`select count(*)::int as n from matches`;
    expect(matches?.n).toBe(1);
    const [snow] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from help_requests where category = 'snow'`;
    expect(snow?.n).toBeGreaterThan(20); // November: snow dominates
  });

  it('flags every seeded user as demo, and countDemoAccounts counts them', async () => {
    const [row] = await t.sql<{ all: number; demo: number }[]>`
      select count(*)::int as all, count(*) filter (where is_demo)::int as demo from users`;
    expect(row?.demo).toBe(row?.all);
    expect(await countDemoAccounts(t.db)).toBe(row?.demo);
    expect(first.demoUsers).toBe(row?.demo);
    expect(row?.demo).toBe(7 + 200 + 40);
  });

  it('changes no counts and no names when run again', async () => {
    const before = await tableCounts();
    const names = await volunteerNames();
    const again = await seedDemo({ db: t.db, now: NOW });
    expect(await tableCounts()).toEqual(before);
    expect(await volunteerNames()).toEqual(names);
    expect({ ...again, durationMs: 0 }).toEqual({ ...first, durationMs: 0 });
  });

  it('on a later day refreshes open seeded requests but leaves ones that moved on', async () => {
    const ms = 'extract(epoch from window_start)::float8 * 1000 as ws';
    const [moved] = await t.sql<{ id: string; ws: number }[]>`
      update help_requests set status = 'matching'
      where idempotency_key = (select min(idempotency_key) from help_requests where status = 'open')
      returning id, ${t.sql.unsafe(ms)}`;
    const [stillOpen] = await t.sql<{ id: string; ws: number }[]>`
      select id, ${t.sql.unsafe(ms)} from help_requests
      where status = 'open' order by idempotency_key limit 1`;
    const later = new Date(NOW.getTime() + 2 * 86_400_000);
    const before = await tableCounts();
    await seedDemo({ db: t.db, now: later });
    expect(await tableCounts()).toEqual(before);

    const [movedAfter] = await t.sql<{ status: string; ws: number }[]>`
      select status, ${t.sql.unsafe(ms)} from help_requests where id = ${moved!.id}`;
    expect(movedAfter).toEqual({ status: 'matching', ws: moved!.ws });
    const [openAfter] = await t.sql<{ ws: number }[]>`
      select ${t.sql.unsafe(ms)} from help_requests where id = ${stillOpen!.id}`;
    expect(openAfter!.ws - stillOpen!.ws).toBe(2 * 86_400_000);
  });

  it('seedReferenceData adds no people and keeps staff edits', async () => {
    await t.sql`update districts set name = '中央（編集済み）' where code = 'chuo'`;
    const before = await tableCounts();
    await seedReferenceData({ db: t.db });
    expect(await tableCounts()).toEqual(before);
    const [chuo] = await t.sql<{ name: string }[]>`select name from districts where code = 'chuo'`;
    expect(chuo?.name).toBe('中央（編集済み）');
    // The demo seed converges back on the seed data.
    await seedDemo({ db: t.db, now: NOW });
    const [reset] = await t.sql<{ name: string }[]>`select name from districts where code = 'chuo'`;
    expect(reset?.name).toBe('中央');
  });
});

describe('seed determinism', () => {
  it('gives the same people and requests for the same seed', () => {
    const a = generateDemoData({ seed: 42, now: NOW });
    const b = generateDemoData({ seed: 42, now: NOW });
    expect(b).toEqual(a);
    expect(a.volunteers).toHaveLength(200);
    expect(a.residents).toHaveLength(40);
    expect(a.requests).toHaveLength(50);
  });

  it('gives different people for a different seed', () => {
    const a = generateDemoData({ seed: 42, now: NOW }).volunteers.map((v) => v.displayName);
    const b = generateDemoData({ seed: 43, now: NOW }).volunteers.map((v) => v.displayName);
    expect(b).not.toEqual(a);
  });

  it('never repeats a person name across volunteers, representatives and residents', () => {
    const data = generateDemoData({ now: NOW });
    const people = [
      ...data.volunteers.map((v) => v.representativeName ?? v.displayName),
      ...data.residents.map((r) => r.name),
    ];
    expect(new Set(people).size).toBe(people.length);
  });

  it('the default seed is what seedDemo wrote', async () => {
    const data = generateDemoData({ now: NOW });
    expect(await volunteerNames()).toEqual(data.volunteers.map((v) => v.displayName));
  });

  it('records every seeded insurance date as the centre’s enrolment; some active ones are blocked', async () => {
    const [row] = await t.sql<
      { dated: number; enrolled: number; blocked: number; plans: number }[]
    >`
      select
        (select count(*)::int from volunteer_profiles where insurance_expires_on is not null) as dated,
        (select count(*)::int from volunteer_profiles v where exists (
          select 1 from insurance_enrolments e where e.volunteer_id = v.user_id
            and e.source = 'centre' and e.covers_until = v.insurance_expires_on
            and e.plan_id is not null and e.enrolled_on <= '2026-11-27')) as enrolled,
        (select count(*)::int from volunteer_profiles
          where verification = 'active' and (insurance_expires_on is null
            or insurance_expires_on < '2026-11-27')) as blocked,
        (select count(*)::int from insurance_plans) as plans`;
    expect(row!.enrolled).toBe(row!.dated);
    expect(row!.blocked).toBeGreaterThan(0);
    expect(row!.plans).toBe(2);
  });

  it('seededRandom is a stable sequence', () => {
    const r = seededRandom(1);
    const seq = [r.next(), r.next(), r.next()];
    const again = seededRandom(1);
    expect([again.next(), again.next(), again.next()]).toEqual(seq);
    expect(seq.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
