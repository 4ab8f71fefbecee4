import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  CALL_PAGE_SIZE,
  CONCERN_PAGE_SIZE,
  MATCH_PAGE_SIZE,
  VOLUNTEER_PAGE_SIZE,
} from '@sasaeai/contracts';
import { proposeMatch } from '@sasaeai/db/help-loop';
import { notifications } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeConcern } from './concern-fixtures.ts';
import {
  districtIdOf,
  makeResident,
  makeVolunteer,
  NAGAYAMA_ADDRESS,
  seedDailyRequests,
} from './help-loop-fixtures.ts';

/**
 * The coordinator's long lists read a page at a time: 見守りケース (GET /api/concerns) and a
 * district's volunteers (GET /api/districts/:code/volunteers?page=), the approval queue
 * (GET /api/matches?status=proposed&page=) and the call list (GET /api/calls?page=), the last
 * two with their totals. Pages join up without a
 * gap or a repeat; attack values of `page` are a 400, never a 500; nobody pages into another
 * district's list.
 */
let t: TestApp;
const cookie = {} as Record<'coord' | 'otherCoord' | 'volunteer', string>;

/** One real concern in chuo, cloned (each on its own match) to `count` cases in all. */
async function seedConcerns(count: number) {
  const { concernId } = await makeConcern(t.database);
  await t.database.db.execute(sql`
    with m as (
      insert into matches (request_id, volunteer_id, status, booked_during, exclusive)
      select request_id, volunteer_id, 'no_show', booked_during, false
      from matches, generate_series(2, ${count})
      where id = (select match_id from concerns where id = ${concernId})
      returning id, request_id
    )
    insert into concerns (match_id, request_id, district_id, raised_by, note)
    select m.id, m.request_id, c.district_id, c.raised_by, c.note
    from m, concerns c where c.id = ${concernId}`);
}

beforeAll(async () => {
  t = await createTestApp({}, 'list_paging');
  const people = {
    coord: await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] }),
    otherCoord: await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'nagayama' }],
    }),
    volunteer: await makeVolunteer(t.database),
  };
  for (const [key, person] of Object.entries(people)) {
    cookie[key as keyof typeof cookie] = await logInAs(t.app, person.email);
  }
  await seedConcerns(CONCERN_PAGE_SIZE + 3);
  await makeConcern(t.database, 'nagayama', NAGAYAMA_ADDRESS);
  // With the volunteer above: VOLUNTEER_PAGE_SIZE + 2 serving chuo.
  for (let i = 0; i <= VOLUNTEER_PAGE_SIZE; i += 1) await makeVolunteer(t.database);
  await seedProposals(MATCH_PAGE_SIZE + 3);
  await seedCalls(CALL_PAGE_SIZE + 3);
}, 120_000);

/** `count` proposals in chuo, one a day, each for its own request. */
async function seedProposals(count: number) {
  const volunteer = await makeVolunteer(t.database);
  const requestIds = await seedDailyRequests(t.database, count, 'matching');
  for (const requestId of requestIds) {
    await proposeMatch(t.database.db, {
      requestId,
      volunteerId: volunteer.id,
      score: 1,
      breakdown: { total: 1, terms: [{ term: 'distance', points: 1, detail: '同じ地区' }] },
    });
  }
}

/** `count` people to phone in chuo. */
async function seedCalls(count: number) {
  const resident = await makeResident(t.database);
  const chuo = await districtIdOf(t.database, 'chuo');
  await t.database.db.insert(notifications).values(
    Array.from({ length: count }, () => ({
      userId: resident.id,
      eventKey: `match.accepted:${crypto.randomUUID()}`,
      eventType: 'match.accepted' as const,
      channel: 'phone_call' as const,
      template: 'match.accepted/v1',
      language: 'ja' as const,
      status: 'sent' as const,
      districtId: chuo,
    })),
  );
}
afterAll(async () => {
  await t.close();
});

const get = (who: keyof typeof cookie | null, url: string) =>
  request(t.app, { method: 'GET', url, ...(who ? { cookie: cookie[who] } : {}) });

/** Query values of `page` that are not a page: each must be refused with 400. */
const attackPages = [
  '0',
  '-1',
  '10001',
  '1e9',
  '99999999999999999999999',
  '1.5',
  'abc',
  '%00',
  '1%00',
  '%EF%BC%91', // a full-width １
  '',
];

describe('GET /api/concerns pages', () => {
  it('reads every case once across pages, the first page by default', async () => {
    const first = await get('coord', '/api/concerns');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().concerns).toHaveLength(CONCERN_PAGE_SIZE);
    expect(first.json().hasMore).toBe(true);
    const second = await get('coord', '/api/concerns?page=2');
    expect(second.statusCode).toBe(200);
    expect(second.json().concerns).toHaveLength(3);
    expect(second.json().hasMore).toBe(false);
    const ids = [...first.json().concerns, ...second.json().concerns].map(
      (c: { id: string }) => c.id,
    );
    expect(new Set(ids).size).toBe(CONCERN_PAGE_SIZE + 3);
    const beyond = await get('coord', '/api/concerns?page=10000');
    expect(beyond.json()).toEqual({ concerns: [], hasMore: false });
    // With a filter, paging still holds.
    const open = await get('coord', '/api/concerns?status=open&page=2');
    expect(open.json().concerns).toHaveLength(3);
  });

  it('never pages into another district, and refuses the wrong callers', async () => {
    const other = await get('otherCoord', '/api/concerns');
    expect(other.json().concerns).toHaveLength(1);
    expect(other.json().hasMore).toBe(false);
    expect((await get(null, '/api/concerns?page=2')).statusCode).toBe(401);
    expect((await get('volunteer', '/api/concerns?page=2')).statusCode).toBe(403);
  });

  it.each(attackPages)('refuses page=%s with 400', async (page) => {
    const response = await get('coord', `/api/concerns?page=${page}`);
    expect(response.statusCode, response.body).toBe(400);
  });

  it('refuses a page given twice', async () => {
    expect((await get('coord', '/api/concerns?page=1&page=2')).statusCode).toBe(400);
  });
});

describe('GET /api/districts/:code/volunteers pages', () => {
  it('pages by name when asked, and gives the whole list otherwise', async () => {
    const whole = await get('coord', '/api/districts/chuo/volunteers');
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.json().hasMore).toBe(false);
    const total = whole.json().volunteers.length as number;
    expect(total).toBeGreaterThan(VOLUNTEER_PAGE_SIZE);

    const first = await get('coord', '/api/districts/chuo/volunteers?page=1');
    expect(first.json().volunteers).toHaveLength(VOLUNTEER_PAGE_SIZE);
    expect(first.json().hasMore).toBe(true);
    const second = await get('coord', '/api/districts/chuo/volunteers?page=2');
    expect(second.json().hasMore).toBe(false);
    const paged = [...first.json().volunteers, ...second.json().volunteers].map(
      (v: { id: string }) => v.id,
    );
    expect(paged).toEqual(whole.json().volunteers.map((v: { id: string }) => v.id));
  });

  it('never pages into another district, and refuses the wrong callers', async () => {
    expect((await get('otherCoord', '/api/districts/chuo/volunteers?page=2')).statusCode).toBe(403);
    expect((await get(null, '/api/districts/chuo/volunteers?page=1')).statusCode).toBe(401);
    expect((await get('volunteer', '/api/districts/chuo/volunteers?page=1')).statusCode).toBe(403);
    expect((await get('coord', '/api/districts/no-such/volunteers?page=1')).statusCode).toBe(404);
  });

  it.each(attackPages)('refuses page=%s with 400', async (page) => {
    const response = await get('coord', `/api/districts/chuo/volunteers?page=${page}`);
    expect(response.statusCode, response.body).toBe(400);
  });
});

describe.each([
  ['GET /api/matches?status=proposed', '/api/matches?status=proposed&', 'matches', MATCH_PAGE_SIZE],
  ['GET /api/calls', '/api/calls?', 'calls', CALL_PAGE_SIZE],
] as const)('%s pages', (_name, base, key, size) => {
  it('reads every row once across pages, with the total', async () => {
    const first = await get('coord', base.slice(0, -1));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()[key]).toHaveLength(size);
    expect([first.json().total, first.json().hasMore]).toEqual([size + 3, true]);
    const second = await get('coord', `${base}page=2`);
    expect(second.statusCode).toBe(200);
    expect(second.json()[key]).toHaveLength(3);
    expect([second.json().total, second.json().hasMore]).toEqual([size + 3, false]);
    const ids = [...first.json()[key], ...second.json()[key]].map((row: { id: string }) => row.id);
    expect(new Set(ids).size).toBe(size + 3);
    const beyond = await get('coord', `${base}page=10000`);
    expect(beyond.json()).toMatchObject({ [key]: [], total: size + 3, hasMore: false });
  });

  it('never pages into another district, and refuses the wrong callers', async () => {
    const other = await get('otherCoord', `${base}page=2`);
    expect(other.json()).toMatchObject({ [key]: [], total: 0, hasMore: false });
    expect((await get(null, `${base}page=2`)).statusCode).toBe(401);
    expect((await get('volunteer', `${base}page=2`)).statusCode).toBe(403);
  });

  it.each(attackPages)('refuses page=%s with 400 and a field error', async (page) => {
    const response = await get('coord', `${base}page=${page}`);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.fields.length).toBeGreaterThan(0);
  });

  it('refuses a page given twice', async () => {
    expect((await get('coord', `${base}page=1&page=2`)).statusCode).toBe(400);
  });
});
