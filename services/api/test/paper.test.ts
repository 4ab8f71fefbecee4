import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { acceptOffer, approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { helpRequests, users, volunteerCentres } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  CHUO_ADDRESS,
  districtIdOf,
  jstDate,
  makeResident,
  makeVolunteer,
} from './help-loop-fixtures.ts';

/** Paper for residents without a device: the notice of who is coming, the monthly sheet. */
let t: TestApp;
let chuo: string;
let coordinatorId: string;
let resident: Awaited<ReturnType<typeof makeResident>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({}, 'paper');
  chuo = await districtIdOf(t.database, 'chuo');
  await t.database.db.insert(volunteerCentres).values({
    districtId: chuo,
    name: '中央地区ボランティアセンター',
    nameEn: 'Chuo District Volunteer Centre',
    status: 'open',
    phone: '0166-00-1001',
  });
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorId = coordinator.id;
  cookies.chuo = await logInAs(t.app, coordinator.email);
  const kagura = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'kagura' }],
  });
  cookies.kagura = await logInAs(t.app, kagura.email);
  resident = await makeResident(t.database);
  cookies.resident = await logInAs(t.app, resident.email);
});
afterAll(async () => {
  await t.close();
});

async function requestFor(days: number, accepted: boolean) {
  const start = new Date(`${jstDate(days)}T08:00:00+09:00`);
  const [row] = await t.database.db
    .insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId: chuo,
      category: 'snow',
      address: CHUO_ADDRESS,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 3 * 3_600_000),
    })
    .returning({ id: helpRequests.id });
  if (accepted) {
    const volunteer = await makeVolunteer(t.database);
    await t.database.db
      .update(users)
      .set({ displayName: '山田 太郎' })
      .where(eq(users.id, volunteer.id));
    const { matchId } = await proposeMatch(t.database.db, {
      requestId: row!.id,
      volunteerId: volunteer.id,
      score: 1,
      breakdown: { total: 1, terms: [] },
    });
    await approveMatch(t.database.db, matchId!, coordinatorId);
    await acceptOffer(t.database.db, matchId!, volunteer.id);
  }
  return { id: row!.id, start };
}

const get = (who: string | undefined, url: string) =>
  request(t.app, { method: 'GET', url, ...(who ? { cookie: cookies[who] } : {}) });

describe('GET /api/paper/notices/:id', () => {
  it('gives the district’s coordinators who is coming and when, with the centre’s phone only', async () => {
    const { id, start } = await requestFor(2, true);
    const response = await get('chuo', `/api/paper/notices/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().notice).toEqual({
      requestId: id,
      residentName: '旭川 花子',
      category: 'snow',
      windowStart: start.toISOString(),
      windowEnd: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
      helpers: ['山田'],
      district: '中央',
      centre: { name: '中央地区ボランティアセンター', phone: '0166-00-1001' },
    });
    expect(response.body).not.toContain(CHUO_ADDRESS);
    expect(response.body).not.toContain('0166-01-2345');
  });

  it('is refused to other districts, residents and strangers; 409 before anyone accepted', async () => {
    const { id } = await requestFor(3, true);
    expect((await get('kagura', `/api/paper/notices/${id}`)).statusCode).toBe(403);
    expect((await get('resident', `/api/paper/notices/${id}`)).statusCode).toBe(403);
    expect((await get(undefined, `/api/paper/notices/${id}`)).statusCode).toBe(401);
    const open = await requestFor(4, false);
    const early = await get('chuo', `/api/paper/notices/${open.id}`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message.ja).toContain('まだ 手伝う 人が 決まって いません');
    expect((await get('chuo', `/api/paper/notices/${crypto.randomUUID()}`)).statusCode).toBe(404);
    expect((await get('chuo', '/api/paper/notices/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('GET /api/paper/activity/:id', () => {
  it('lists a household’s requests of one JST month with their helpers', async () => {
    const { id, start } = await requestFor(5, true);
    const month = jstDate(5).slice(0, 7);
    const response = await get('chuo', `/api/paper/activity/${resident.id}?month=${month}`);
    expect(response.statusCode, response.body).toBe(200);
    const { sheet } = response.json();
    expect(sheet).toMatchObject({ residentName: '旭川 花子', month, district: '中央' });
    expect(sheet.rows).toContainEqual({
      requestId: id,
      windowStart: start.toISOString(),
      category: 'snow',
      status: 'accepted',
      helpers: ['山田'],
      minutes: null,
    });
    expect(response.body).not.toContain(CHUO_ADDRESS);
    // The same sheet, reached from one of the household's requests.
    const byRequest = await get('chuo', `/api/paper/requests/${id}/activity?month=${month}`);
    expect(byRequest.json()).toEqual(response.json());
    expect((await get('kagura', `/api/paper/requests/${id}/activity`)).statusCode).toBe(403);
  });

  it('refuses a bad month with a field error, and other districts', async () => {
    const bad = await get('chuo', `/api/paper/activity/${resident.id}?month=2026-13`);
    expect(bad.statusCode).toBe(400);
    expect((await get('kagura', `/api/paper/activity/${resident.id}`)).statusCode).toBe(403);
    expect((await get('chuo', `/api/paper/activity/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});
