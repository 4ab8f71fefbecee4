import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { helpRequests, residentProfiles } from '@sasaeai/db/schema';
import type { DeskRequestPage } from '@sasaeai/contracts';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  districtIdOf,
  makeResident,
  makeVolunteer,
  NAGAYAMA_ADDRESS,
} from './help-loop-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let chuoResident = '';
let chuoResidentEmail = '';
let nagayamaResident = '';
const chuoIds: string[] = [];
const nagayamaIds: string[] = [];

/** Day `n` of December 2026, 08:00–10:00 Japan time. */
const windowOn = (n: number) => ({
  windowStart: new Date(`2026-12-${String(n).padStart(2, '0')}T08:00:00+09:00`),
  windowEnd: new Date(`2026-12-${String(n).padStart(2, '0')}T10:00:00+09:00`),
});

beforeAll(async () => {
  t = await createTestApp({}, 'desk');
  const db = t.database.db;
  const resident = await makeResident(t.database);
  chuoResident = resident.id;
  chuoResidentEmail = resident.email;
  nagayamaResident = (await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama')).id;
  await db
    .update(residentProfiles)
    .set({ fullName: '北野 はな', fullNameKana: 'きたの はな', phone: '0166-55-1234' })
    .where(eq(residentProfiles.userId, chuoResident));
  await db
    .update(residentProfiles)
    .set({ fullName: '東 ゆき', fullNameKana: 'あずま ゆき', phone: '0166-77-9876' })
    .where(eq(residentProfiles.userId, nagayamaResident));
  const chuo = await districtIdOf(t.database, 'chuo');
  const nagayama = await districtIdOf(t.database, 'nagayama');
  // 25 chuo requests on 25 days (the first five shopping), 3 in nagayama.
  for (let day = 1; day <= 25; day += 1) {
    const [row] = await db
      .insert(helpRequests)
      .values({
        residentId: chuoResident,
        createdBy: chuoResident,
        districtId: chuo,
        category: day <= 5 ? 'shopping' : 'snow',
        status: day % 2 === 0 ? 'matching' : 'open',
        address: '旭川市5条通9丁目3-12',
        ...windowOn(day),
      })
      .returning({ id: helpRequests.id });
    chuoIds.push(row!.id);
  }
  for (let day = 1; day <= 3; day += 1) {
    const [row] = await db
      .insert(helpRequests)
      .values({
        residentId: nagayamaResident,
        createdBy: nagayamaResident,
        districtId: nagayama,
        category: 'snow',
        address: NAGAYAMA_ADDRESS,
        ...windowOn(day),
      })
      .returning({ id: helpRequests.id });
    nagayamaIds.push(row!.id);
  }
  const people = {
    chuo: await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] }),
    kagura: await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'kagura' }] }),
    admin: await makeUser(t.database, { roles: [{ role: 'admin' }] }),
    council: await makeUser(t.database, { roles: [{ role: 'council' }] }),
    volunteer: await makeVolunteer(t.database),
  };
  for (const [name, person] of Object.entries(people)) {
    cookies[name] = await logInAs(t.app, person.email);
  }
  cookies.resident = await logInAs(t.app, chuoResidentEmail);
});
afterAll(async () => {
  await t.close();
});

async function desk(who: string, query = '') {
  const response = await request(t.app, {
    method: 'GET',
    url: `/api/desk/requests${query}`,
    ...(who === 'none' ? {} : { cookie: cookies[who] }),
  });
  return {
    status: response.statusCode,
    body: response.json<DeskRequestPage>(),
    raw: response.body,
  };
}

describe('GET /api/desk/requests', () => {
  it('gives a coordinator their districts only, with who asked but no address or phone', async () => {
    const { status, body, raw } = await desk('chuo', '?perPage=100');
    expect(status).toBe(200);
    expect(body.total).toBe(25);
    expect(new Set(body.rows.map((r) => r.id))).toEqual(new Set(chuoIds));
    expect(body.rows[0]!.resident.fullName).toBe('北野 はな');
    expect(raw).not.toContain('5条通');
    expect(raw).not.toContain('0166');
  });

  it('gives another district’s coordinator none of them, and refuses their district', async () => {
    expect((await desk('kagura')).body.total).toBe(0);
    expect((await desk('kagura', '?district=chuo')).status).toBe(403);
    expect((await desk('chuo', '?district=nagayama')).status).toBe(403);
    expect((await desk('chuo', '?district=nowhere')).status).toBe(404);
  });

  it('gives an admin every district, and lets them narrow to one', async () => {
    expect((await desk('admin')).body.total).toBe(28);
    const { body } = await desk('admin', '?district=nagayama');
    expect(body.rows.map((r) => r.id).sort()).toEqual([...nagayamaIds].sort());
  });

  it('refuses residents, volunteers and council staff, and asks strangers to log in', async () => {
    for (const who of ['resident', 'volunteer', 'council']) {
      expect((await desk(who)).status, who).toBe(403);
    }
    expect((await desk('none')).status).toBe(401);
  });

  it('filters by status, category and date range (Japan days, inclusive)', async () => {
    expect((await desk('chuo', '?status=matching')).body.total).toBe(12);
    expect((await desk('chuo', '?category=shopping')).body.total).toBe(5);
    const range = await desk('chuo', '?from=2026-12-03&to=2026-12-07&sort=window&dir=asc');
    expect(range.body.rows.map((r) => r.windowStart)).toEqual(
      [3, 4, 5, 6, 7].map((d) => windowOn(d).windowStart.toISOString()),
    );
    // A GET form sends empty fields: they mean "no filter".
    const blank = await desk('chuo', '?status=&category=&district=&from=&to=&q=&sort=&dir=');
    expect(blank.status).toBe(200);
    expect(blank.body.total).toBe(25);
  });

  it('finds a resident by name, kana in either script, and phone digits', async () => {
    for (const q of ['北野', 'きたの', 'キタノ', 'きたのはな', '0166-55', '5512', '０１６６５５']) {
      const { body } = await desk('admin', `?q=${encodeURIComponent(q)}`);
      expect(body.total, q).toBe(25);
    }
    expect((await desk('admin', `?q=${encodeURIComponent('あずま')}`)).body.total).toBe(3);
    // LIKE's wildcards are taken literally.
    expect((await desk('admin', `?q=${encodeURIComponent('%')}`)).body.total).toBe(0);
    // Search never widens the scope.
    expect((await desk('chuo', `?q=${encodeURIComponent('あずま')}`)).body.total).toBe(0);
  });

  it('pages without gaps or overlaps in every order', async () => {
    for (const sort of ['window', 'created', 'waiting', 'status', 'category', 'district']) {
      const seen: string[] = [];
      for (let page = 1; page <= 3; page += 1) {
        const { body } = await desk('chuo', `?perPage=10&page=${page}&sort=${sort}`);
        expect(body.pageCount).toBe(3);
        seen.push(...body.rows.map((r) => r.id));
      }
      expect(seen, sort).toHaveLength(25);
      expect(new Set(seen), sort).toEqual(new Set(chuoIds));
    }
    const { body } = await desk('chuo', '?sort=window&dir=asc&perPage=10&page=3');
    expect(body.rows.map((r) => r.windowStart)).toEqual(
      [21, 22, 23, 24, 25].map((d) => windowOn(d).windowStart.toISOString()),
    );
    expect((await desk('chuo', '?page=9')).body.rows).toEqual([]);
  });

  it('refuses bad input with field errors in both languages', async () => {
    const bad = [
      `?q=${encodeURIComponent('北野\u0000')}`,
      `?q=${'あ'.repeat(81)}`,
      '?page=-1',
      '?page=0',
      '?page=abc',
      '?perPage=100000',
      '?status=lost',
      '?sort=address',
      '?from=2026-13-01',
      '?from=2026-12-10&to=2026-12-01',
      `?district=${encodeURIComponent("chuo' or 1=1")}`,
    ];
    for (const query of bad) {
      const { status, body } = await desk('chuo', query);
      expect(status, query).toBe(400);
      const fields = (
        body as unknown as { error: { fields: { message: { ja: string; en: string } }[] } }
      ).error.fields;
      expect(fields.length, query).toBeGreaterThan(0);
      expect(fields[0]!.message.ja, query).toBeTruthy();
      expect(fields[0]!.message.en, query).toBeTruthy();
    }
  });
});
