import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelpCategory, PublicNeeds, RequestStatus } from '@sasaeai/contracts';
import { eq } from 'drizzle-orm';
import {
  districts,
  helpRequests,
  residentProfiles,
  users,
  volunteerDistricts,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { createTestApp, makeUser, type TestApp } from './helper.ts';
import { districtIdOf } from './help-loop-fixtures.ts';

let t: TestApp;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// What must never appear on the public board: whose need it is, where, when, which request.
const NAME = '秘密野 花子';
const KANA = 'ひみつの はなこ';
const ADDRESS = '旭川市神楽3条7丁目1-23';
const PHONE = '0166-61-9876';
const NOTES = '裏口の 鍵は 植木鉢の 下';
const requestIds: string[] = [];
let windowStart: Date;

async function need(
  code: string,
  category: HelpCategory,
  options: { status?: RequestStatus; startsIn?: number; hours?: number } = {},
) {
  const resident = await makeUser(t.database, { roles: [{ role: 'resident' }] });
  const districtId = await districtIdOf(t.database, code);
  await t.database.db.insert(residentProfiles).values({
    userId: resident.id,
    fullName: NAME,
    fullNameKana: KANA,
    phone: PHONE,
    address: ADDRESS,
    districtId,
    consentAt: new Date(),
    consentMethod: 'online_form',
  });
  const start = new Date(Date.now() + (options.startsIn ?? DAY));
  const [row] = await t.database.db
    .insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId,
      category,
      status: options.status ?? 'matching',
      address: ADDRESS,
      notes: NOTES,
      windowStart: start,
      windowEnd: new Date(start.getTime() + (options.hours ?? 3) * HOUR),
    })
    .returning({ id: helpRequests.id, windowStart: helpRequests.windowStart });
  requestIds.push(row!.id);
  windowStart = row!.windowStart;
}

const board = async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/public/needs' });
  expect(response.statusCode).toBe(200);
  return { body: response.json<PublicNeeds>(), raw: response.body };
};

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_RATE_LIMIT_MAX: '1000' }, 'public_needs');
  // 神楽: 4 snow needs this week (open, matching, unmatched, and one already under way).
  await need('kagura', 'snow', { status: 'open' });
  await need('kagura', 'snow', { status: 'matching', startsIn: 3 * DAY });
  await need('kagura', 'snow', { status: 'unmatched', startsIn: 5 * DAY });
  await need('kagura', 'snow', { startsIn: -HOUR, hours: 3 });
  // 中央: 2 snow needs (below the threshold) and 3 shopping needs.
  await need('chuo', 'snow');
  await need('chuo', 'snow');
  await need('chuo', 'shopping');
  await need('chuo', 'shopping');
  await need('chuo', 'shopping');
  // 東光: one visit (below the threshold, alone in its category).
  await need('toko', 'visit');
  // Not open needs of this week: found, done, cancelled, over, next week, long ago.
  await need('toko', 'visit', { status: 'accepted' });
  await need('toko', 'visit', { status: 'done' });
  await need('toko', 'visit', { status: 'cancelled' });
  await need('toko', 'visit', { status: 'proposed' });
  await need('toko', 'visit', { status: 'approved' });
  await need('toko', 'visit', { startsIn: -5 * HOUR, hours: 2 });
  await need('toko', 'visit', { startsIn: 8 * DAY });
  await need('toko', 'visit', { startsIn: -30 * DAY });
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/public/needs', () => {
  it('counts open needs of the week per district and category, without logging in', async () => {
    const { body } = await board();
    expect(body.rows).toEqual([
      {
        district: { code: 'kagura', name: '神楽', nameEn: 'Kagura', kana: expect.any(String) },
        category: 'snow',
        count: 4,
      },
      {
        district: expect.objectContaining({ code: 'chuo', name: '中央', nameEn: 'Chuo' }),
        category: 'shopping',
        count: 3,
      },
    ]);
    expect(body.byCategory).toEqual([
      { category: 'snow', count: 6 },
      { category: 'shopping', count: 3 },
      { category: 'visit', count: 1 },
    ]);
    expect(body.total).toBe(10);
    expect(body.minCount).toBe(3);
    expect(body.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(6 * DAY);
  });

  it('folds districts below the threshold into “other districts” and never names them', async () => {
    const { body, raw } = await board();
    expect(body.grouped).toEqual([
      { category: 'snow', count: 2 },
      { category: 'visit', count: 1 },
    ]);
    expect(body.rows.some((row) => row.district.code === 'toko')).toBe(false);
    expect(body.rows.some((row) => row.district.code === 'chuo' && row.category === 'snow')).toBe(
      false,
    );
    expect(raw).not.toContain('toko');
    expect(raw).not.toContain('東光');
    expect(raw).not.toContain('Toko');
    expect(body.note.ja).toContain('その他の 地区');
  });

  it('carries nothing personal: no name, kana, address, phone, note, time or request id', async () => {
    const { raw } = await board();
    for (const secret of [NAME, KANA, ADDRESS, '7丁目', PHONE, '9876', NOTES, ...requestIds]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).not.toContain(windowStart.toISOString().slice(0, 16));
    expect(raw).not.toMatch(/T\d{2}:\d{2}/);
    expect(raw).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('ignores a cookie, query or role: everyone sees the same counts', async () => {
    const staff = await makeUser(t.database, { roles: [{ role: 'council' }] });
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/public/needs?district=toko&minCount=1',
      headers: { cookie: `sasaeai_session=${staff.id}.x` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('toko');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /api/public/needs limits', () => {
  it('answers 429 with Retry-After past the per-address limit, and caches briefly', async () => {
    const limited = await createTestApp(
      { PUBLIC_RATE_LIMIT_MAX: '3', COUNCIL_MAX_STALE_SECONDS: '60' },
      'public_needs_limit',
    );
    try {
      const get = () => limited.app.inject({ method: 'GET', url: '/api/public/needs' });
      const first = await get();
      expect(first.json<PublicNeeds>().total).toBe(0);
      // A need added now is not seen until the cached board ages out.
      const resident = await makeUser(limited.database, { roles: [{ role: 'resident' }] });
      await limited.database.db.insert(helpRequests).values({
        residentId: resident.id,
        createdBy: resident.id,
        districtId: await districtIdOf(limited.database, 'chuo'),
        category: 'snow',
        address: ADDRESS,
        windowStart: new Date(Date.now() + DAY),
        windowEnd: new Date(Date.now() + DAY + HOUR),
      });
      expect((await get()).json<PublicNeeds>().total).toBe(0);
      expect((await get()).statusCode).toBe(200);
      const refused = await get();
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json<{ error: { message: { ja: string } } }>().error.message.ja).toBeTruthy();
    } finally {
      await limited.close();
    }
  });
});

describe('sign-up as a volunteer for a district (the board’s button)', () => {
  const signUp = (payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      headers: { 'sec-fetch-site': 'same-origin' },
      payload: {
        displayName: '手伝い 太郎',
        email: `helper-${crypto.randomUUID()}@example.test`,
        password: 'correct horse battery',
        privacyConsent: true,
        ...payload,
      },
    });

  async function districtsOf(email: string) {
    const [user] = await t.database.db.select().from(users).where(eq(users.email, email));
    const rows = await t.database.db
      .select({ code: districts.code })
      .from(volunteerDistricts)
      .innerJoin(districts, eq(districts.id, volunteerDistricts.districtId))
      .where(eq(volunteerDistricts.volunteerId, user!.id));
    return rows.map((row) => row.code);
  }

  it('records the chosen district for a new volunteer, still to be verified', async () => {
    const email = `kagura-${crypto.randomUUID()}@example.test`;
    const response = await signUp({ email, roles: ['volunteer'], volunteerDistrict: 'kagura' });
    expect(response.statusCode).toBe(202);
    expect(await districtsOf(email)).toEqual(['kagura']);
    const [profile] = await t.database.db
      .select({ verification: volunteerProfiles.verification })
      .from(volunteerProfiles)
      .innerJoin(users, eq(users.id, volunteerProfiles.userId))
      .where(eq(users.email, email));
    expect(profile?.verification).toBe('pending');
  });

  it('ignores the district for a resident-only sign-up', async () => {
    const email = `resident-${crypto.randomUUID()}@example.test`;
    const response = await signUp({ email, roles: ['resident'], volunteerDistrict: 'kagura' });
    expect(response.statusCode).toBe(202);
    expect(await districtsOf(email).catch(() => [])).toEqual([]);
  });

  it.each([
    ['an unknown district', 'atlantis'],
    ['a malformed code', 'Kagura; drop table'],
    ['a NUL', 'kag\u0000ura'],
    ['a huge code', 'k'.repeat(10_000)],
  ])('refuses %s with a field error and creates no account', async (_, code) => {
    const email = `bad-${crypto.randomUUID()}@example.test`;
    const response = await signUp({ email, roles: ['volunteer'], volunteerDistrict: code });
    expect(response.statusCode).toBe(400);
    const fields = response.json<{ error: { fields: { field: string }[] } }>().error.fields;
    expect(fields.map((f) => f.field)).toEqual(['body.volunteerDistrict']);
    expect(await t.database.db.select().from(users).where(eq(users.email, email))).toEqual([]);
  });
});
