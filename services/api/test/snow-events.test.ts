import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, inArray } from 'drizzle-orm';
import { helpRequests, outbox, snowEvents } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import {
  CHUO_ADDRESS,
  makeResident,
  makeVolunteer,
  NAGAYAMA_ADDRESS,
} from './help-loop-fixtures.ts';
import { addDays } from '@sasaeai/core';
import { expectedWindow, makeRegistration, snowDay } from './snow-fixtures.ts';

let t: TestApp;
let coordinator: string;
let council: string;
const day = snowDay();
const registrations: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
  );
  council = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'council' }] })).email,
  );
  for (const [name, threshold, status] of [
    ['five', 5, 'active'],
    ['ten', 10, 'active'],
    ['twenty', 20, 'active'],
    ['paused', 5, 'paused'],
  ] as const) {
    const resident = await makeResident(t.database);
    registrations[name] = (
      await makeRegistration(t.database, resident.id, { thresholdCm: threshold, status })
    ).id;
  }
  const nagayama = await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama');
  registrations.nagayama = (await makeRegistration(t.database, nagayama.id, { thresholdCm: 5 })).id;
});
afterAll(async () => t.close());

const declare = (cookie: string, payload: Record<string, unknown>) =>
  request(t.app, { method: 'POST', url: '/api/snow-events', cookie, payload });

async function snowRequestsOf(registrationIds: string[]) {
  return t.database.db
    .select()
    .from(helpRequests)
    .where(inArray(helpRequests.winterRegistrationId, registrationIds));
}

async function outboxRows() {
  const [row] = await t.database.db.select({ n: count() }).from(outbox);
  return row!.n;
}

describe('snow events', () => {
  it('turns every active registration the snowfall reaches into one dated request with its outbox row', async () => {
    const before = await outboxRows();
    const response = await declare(coordinator, { districts: ['chuo'], cm: 12, observedOn: day });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ created: 2, alreadyExisted: 0 });
    expect(response.json().events).toEqual([
      expect.objectContaining({ district: 'chuo', cm: 12, observedOn: day, created: 2 }),
    ]);

    const rows = await snowRequestsOf(Object.values(registrations));
    expect(rows.map((r) => r.winterRegistrationId).sort()).toEqual(
      [registrations.five, registrations.ten].sort(),
    );
    for (const row of rows) {
      expect(row).toMatchObject({
        category: 'snow',
        status: 'open',
        address: CHUO_ADDRESS,
        snowEventId: response.json().events[0].eventId,
        notes: null,
      });
      // This morning while it lasts, else tomorrow morning (declared a moment ago).
      const window = expectedWindow(day)!;
      expect(row.windowStart).toEqual(window.start);
      expect(row.windowEnd).toEqual(window.end);
      expect(row.recurrence).toMatchObject({ kind: 'snowfall', thresholdCm: expect.any(Number) });
    }
    expect((await outboxRows()) - before).toBe(2);
    const payloads = await t.database.db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(eq(outbox.topic, 'help_request.created'));
    for (const { payload } of payloads) {
      expect(Object.keys(payload as object).sort()).toEqual(['districtId', 'requestId']);
    }
  });

  it('access notes reach the helper with the address, never in lists or notes', async () => {
    const [row] = await snowRequestsOf([registrations.five!]);
    const detail = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${row!.id}`,
      cookie: coordinator,
    });
    expect(detail.json().request.contact.accessNotes).toBe('裏口から入れます');
    const list = await request(t.app, {
      method: 'GET',
      url: '/api/help-requests',
      cookie: coordinator,
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('裏口');

    // A helper: not while it is only offered; with the address once accepted.
    const helper = await makeVolunteer(t.database);
    const helperCookie = await logInAs(t.app, helper.email);
    const { matchId } = await proposeMatch(t.database.db, {
      requestId: row!.id,
      volunteerId: helper.id,
      score: 1,
      breakdown: { total: 1, terms: [{ term: 'distance', points: 1, detail: '同じ地区' }] },
    });
    await approveMatch(t.database.db, matchId!, helper.id);
    for (const url of [`/api/help-requests/${row!.id}`, '/api/me/offers']) {
      const offered = await request(t.app, { method: 'GET', url, cookie: helperCookie });
      expect(offered.statusCode).toBe(200);
      expect(offered.body).not.toContain('裏口');
    }
    const accepted = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/accept`,
      cookie: helperCookie,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().match.contact.accessNotes).toBe('裏口から入れます');
  });

  it('declaring the same snowfall twice creates nothing twice', async () => {
    const before = await outboxRows();
    const first = (await snowRequestsOf(Object.values(registrations))).length;
    const again = await declare(coordinator, { districts: ['chuo'], cm: 12, observedOn: day });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, alreadyExisted: 2 });
    expect((await snowRequestsOf(Object.values(registrations))).length).toBe(first);
    expect(await outboxRows()).toBe(before);
    const events = await t.database.db.select().from(snowEvents);
    expect(events).toHaveLength(1);
  });

  it('declaring the two at once still creates each request once', async () => {
    const [a, b] = await Promise.all([
      declare(coordinator, { districts: ['chuo'], cm: 12, observedOn: day }),
      declare(council, { districts: ['chuo'], cm: 12, observedOn: day }),
    ]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect((await snowRequestsOf(Object.values(registrations))).length).toBe(2);
  });

  it('a deeper figure for the same day adds only the newly triggered registrations; a shallower one changes nothing', async () => {
    const deeper = await declare(coordinator, { districts: ['chuo'], cm: 25, observedOn: day });
    expect(deeper.json()).toMatchObject({ created: 1, alreadyExisted: 2 });
    expect(deeper.json().events[0].cm).toBe(25);
    const shallower = await declare(coordinator, { districts: ['chuo'], cm: 3, observedOn: day });
    expect(shallower.json()).toMatchObject({ created: 0, alreadyExisted: 3 });
    expect(shallower.json().events[0].cm).toBe(25);
    const rows = await snowRequestsOf(Object.values(registrations));
    expect(rows.map((r) => r.winterRegistrationId).sort()).toEqual(
      [registrations.five, registrations.ten, registrations.twenty].sort(),
    );
  });

  it('an unknown district is a field error and nothing is written', async () => {
    const eventsBefore = await t.database.db.select().from(snowEvents);
    const outboxBefore = await outboxRows();
    const response = await declare(council, {
      districts: ['nagayama', 'atlantis'],
      cm: 30,
      observedOn: day,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([
      { field: 'body.districts.1', message: expect.objectContaining({ ja: expect.any(String) }) },
    ]);
    expect(await t.database.db.select().from(snowEvents)).toHaveLength(eventsBefore.length);
    expect(await outboxRows()).toBe(outboxBefore);
    expect(await snowRequestsOf([registrations.nagayama!])).toHaveLength(0);
  });

  it('a coordinator cannot declare another district; council staff can', async () => {
    const refused = await declare(coordinator, {
      districts: ['nagayama'],
      cm: 30,
      observedOn: day,
    });
    expect(refused.statusCode).toBe(403);
    expect(await snowRequestsOf([registrations.nagayama!])).toHaveLength(0);
    const declared = await declare(council, { districts: ['nagayama'], cm: 30, observedOn: day });
    expect(declared.json()).toMatchObject({ created: 1 });
  });

  it('refuses a residents’ declaration, a day in the future and an absurd depth', async () => {
    const resident = await makeResident(t.database);
    const residentCookie = await logInAs(t.app, resident.email);
    expect(
      (await declare(residentCookie, { districts: ['chuo'], cm: 10, observedOn: day })).statusCode,
    ).toBe(403);
    const future = await declare(council, {
      districts: ['chuo'],
      cm: 10,
      observedOn: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields[0].field).toBe('body.observedOn');
    const deep = await declare(council, { districts: ['chuo'], cm: 5000, observedOn: day });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.fields[0].field).toBe('body.cm');
  });

  it('an old snowfall is recorded, but no request is made for mornings already past', async () => {
    const days = addDays(day, -3);
    const old = await declare(council, { districts: ['chuo'], cm: 40, observedOn: days });
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ created: 0, alreadyExisted: 0, tooLate: 3 });
    const rows = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.snowEventId, old.json().events[0].eventId));
    expect(rows).toHaveLength(0);
  });

  it('the board counts each district’s requests by status, within the caller’s districts', async () => {
    const board = await request(t.app, {
      method: 'GET',
      url: `/api/snow-events/board?date=${day}`,
      cookie: coordinator,
    });
    expect(board.statusCode).toBe(200);
    expect(board.json().districts).toEqual([
      expect.objectContaining({
        district: 'chuo',
        cm: 25,
        total: 3,
        // In lifecycle order.
        byStatus: [
          { status: 'open', count: 2 },
          { status: 'accepted', count: 1 },
        ],
      }),
    ]);
    const city = await request(t.app, {
      method: 'GET',
      url: `/api/snow-events/board?date=${day}`,
      cookie: council,
    });
    expect(city.json().districts.map((d: { district: string }) => d.district)).toEqual([
      'chuo',
      'nagayama',
    ]);
  });
});
