import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, insuranceEnrolments, volunteerProfiles } from '@sasaeai/db/schema';
import { insuranceCoversUntil } from '@sasaeai/core';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { jstDate, makeResident, snowRequest } from './help-loop-fixtures.ts';
import { planIds, thisYear, today, uninsuredVolunteer } from './insurance-fixtures.ts';

let t: TestApp;
let chuoCookie: string;
let nagayamaCookie: string;
let adminCookie: string;
let residentCookie: string;
let plans: { basic: string; disaster: string };

beforeAll(async () => {
  t = await createTestApp({}, 'insurance');
  const login = async (roles: Parameters<typeof makeUser>[1]) =>
    logInAs(t.app, (await makeUser(t.database, roles)).email);
  chuoCookie = await login({ roles: [{ role: 'coordinator', district: 'chuo' }] });
  nagayamaCookie = await login({ roles: [{ role: 'coordinator', district: 'nagayama' }] });
  adminCookie = await login({ roles: [{ role: 'admin' }] });
  residentCookie = await logInAs(t.app, (await makeResident(t.database)).email);
  plans = await planIds(t.database);
});
afterAll(async () => t.close());

interface Entry {
  volunteerId: string;
  enrolment: { id: string; plan: { code: string } | null; source: string } | null;
  coveredUntil: string | null;
  blocked: { reason: string; expiredOn: string | null } | null;
}
async function roster(cookie = chuoCookie): Promise<Entry[]> {
  const response = await request(t.app, {
    method: 'GET',
    url: '/api/volunteers/insurance',
    cookie,
  });
  expect(response.statusCode).toBe(200);
  return (response.json() as { volunteers: Entry[] }).volunteers;
}
const entryOf = async (id: string, cookie = chuoCookie) =>
  (await roster(cookie)).find((e) => e.volunteerId === id);

const enrol = (volunteerIds: string[], cookie = chuoCookie, extra: Record<string, unknown> = {}) =>
  request(t.app, {
    method: 'POST',
    url: '/api/volunteers/insurance/enrolments',
    cookie,
    payload: {
      volunteerIds,
      fiscalYear: thisYear,
      planId: plans.basic,
      enrolledOn: today,
      ...extra,
    },
  });

async function candidateIds(requestId: string): Promise<string[]> {
  const list = await request(t.app, {
    method: 'GET',
    url: `/api/help-requests/${requestId}/candidates`,
    cookie: chuoCookie,
  });
  expect(list.statusCode).toBe(200);
  return (list.json() as { candidates: { volunteer: { id: string } }[] }).candidates.map(
    (c) => c.volunteer.id,
  );
}

describe('the insurance roster', () => {
  it('lists the coordinator’s districts only (admins: the city), blocked ones with why', async () => {
    const none = await uninsuredVolunteer(t.database, 'chuo', 'none');
    const expired = await uninsuredVolunteer(t.database, 'chuo', 'expired');
    const elsewhere = await uninsuredVolunteer(t.database, 'nagayama', 'none');
    const mine = await roster();
    expect(mine.map((e) => e.volunteerId)).toEqual(expect.arrayContaining([none.id, expired.id]));
    expect(mine.map((e) => e.volunteerId)).not.toContain(elsewhere.id);
    expect(mine.find((e) => e.volunteerId === none.id)!.blocked).toEqual({
      reason: 'none',
      expiredOn: null,
    });
    const lastYearEnd = insuranceCoversUntil(thisYear - 1);
    expect(mine.find((e) => e.volunteerId === expired.id)!.blocked).toEqual({
      reason: 'expired',
      expiredOn: lastYearEnd,
    });
    const city = await roster(adminCookie);
    expect(city.map((e) => e.volunteerId)).toEqual(
      expect.arrayContaining([none.id, expired.id, elsewhere.id]),
    );
  });
});

describe('recording enrolments', () => {
  it('records several at once; they leave the blocked list and become matchable', async () => {
    const resident = await makeResident(t.database);
    const ask = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: await logInAs(t.app, resident.email),
      payload: snowRequest({
        when: { kind: 'window', date: jstDate(3), from: '09:00', to: '11:00' },
      }),
    });
    expect(ask.statusCode).toBe(201);
    const requestId = ask.json().request.id as string;
    const a = await uninsuredVolunteer(t.database, 'chuo', 'expired');
    const b = await uninsuredVolunteer(t.database, 'chuo', 'none');
    expect(await candidateIds(requestId)).not.toContain(a.id);

    const response = await enrol([a.id, b.id, a.id]);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ recorded: 2 });
    for (const id of [a.id, b.id]) {
      const entry = await entryOf(id);
      expect(entry).toMatchObject({
        blocked: null,
        coveredUntil: insuranceCoversUntil(thisYear),
        enrolment: { plan: { code: 'basic' }, source: 'centre' },
      });
    }
    expect(await candidateIds(requestId)).toEqual(expect.arrayContaining([a.id, b.id]));
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'insurance.enrolled'),
          inArray(auditEvents.subjectId, [a.id, b.id]),
        ),
      );
    expect(audit).toHaveLength(2);
    expect(Object.keys(audit[0]!.details as object).sort()).toEqual([
      'enrolmentId',
      'fiscalYear',
      'planId',
    ]);

    // Already enrolled this year by the centre: 409, nothing written for anyone in the batch.
    const c = await uninsuredVolunteer(t.database, 'chuo', 'none');
    const again = await enrol([c.id, a.id]);
    expect(again.statusCode).toBe(409);
    expect((await entryOf(c.id))!.blocked).toEqual({ reason: 'none', expiredOn: null });
  });

  it('is all or nothing: another district’s or an unknown volunteer makes it a 404', async () => {
    const mine = await uninsuredVolunteer(t.database, 'chuo', 'none');
    const theirs = await uninsuredVolunteer(t.database, 'nagayama', 'none');
    expect((await enrol([mine.id, theirs.id])).statusCode).toBe(404);
    expect((await enrol([mine.id, crypto.randomUUID()])).statusCode).toBe(404);
    const rows = await t.database.db
      .select()
      .from(insuranceEnrolments)
      .where(inArray(insuranceEnrolments.volunteerId, [mine.id, theirs.id]));
    expect(rows).toHaveLength(0);
    // The coordinator of the other district may.
    expect((await enrol([theirs.id], nagayamaCookie)).statusCode).toBe(201);
  });

  it('corrects and removes a record (audited, field names only); removal blocks again', async () => {
    const v = await uninsuredVolunteer(t.database, 'chuo', 'expired');
    expect((await enrol([v.id])).statusCode).toBe(201);
    const id = (await entryOf(v.id))!.enrolment!.id;
    const put = (cookie: string, payload: Record<string, unknown>, enrolmentId = id) =>
      request(t.app, {
        method: 'PUT',
        url: `/api/volunteers/insurance/enrolments/${enrolmentId}`,
        cookie,
        payload,
      });
    expect(
      (await put(nagayamaCookie, { planId: plans.disaster, enrolledOn: today })).statusCode,
    ).toBe(404);
    expect(
      (await put(chuoCookie, { planId: plans.disaster, enrolledOn: today }, crypto.randomUUID()))
        .statusCode,
    ).toBe(404);
    expect((await put(chuoCookie, { planId: plans.disaster, enrolledOn: today })).statusCode).toBe(
      204,
    );
    expect((await entryOf(v.id))!.enrolment!.plan!.code).toBe('disaster');
    const [corrected] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'insurance.corrected'), eq(auditEvents.subjectId, v.id)));
    expect(corrected!.details).toEqual({
      enrolmentId: id,
      fiscalYear: thisYear,
      fields: ['planId'],
    });

    const remove = (cookie: string) =>
      request(t.app, {
        method: 'DELETE',
        url: `/api/volunteers/insurance/enrolments/${id}`,
        cookie,
      });
    expect((await remove(nagayamaCookie)).statusCode).toBe(404);
    expect((await remove(chuoCookie)).statusCode).toBe(204);
    expect((await entryOf(v.id))!.blocked).toEqual({
      reason: 'expired',
      expiredOn: insuranceCoversUntil(thisYear - 1),
    });
    const [profile] = await t.database.db
      .select({ until: volunteerProfiles.insuranceExpiresOn })
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, v.id));
    expect(profile!.until).toBe(insuranceCoversUntil(thisYear - 1));
  });

  it('replaces a migrated self-declared date of the same year', async () => {
    const v = await uninsuredVolunteer(t.database, 'chuo', 'none');
    await t.database.db.insert(insuranceEnrolments).values({
      volunteerId: v.id,
      fiscalYear: thisYear,
      coversUntil: today,
      source: 'migrated',
    });
    expect((await enrol([v.id])).statusCode).toBe(201);
    expect(await entryOf(v.id)).toMatchObject({
      enrolment: { source: 'centre' },
      coveredUntil: insuranceCoversUntil(thisYear),
    });
  });
});

describe('attacks on the insurance routes', () => {
  it('logged out 401, resident 403, volunteer profile cannot set a date', async () => {
    const out = await request(t.app, { method: 'GET', url: '/api/volunteers/insurance' });
    expect(out.statusCode).toBe(401);
    const v = await uninsuredVolunteer(t.database, 'chuo', 'none');
    expect((await enrol([v.id], '')).statusCode).toBe(401);
    expect((await enrol([v.id], residentCookie)).statusCode).toBe(403);
    const volunteerCookie = await logInAs(t.app, v.email);
    expect((await enrol([v.id], volunteerCookie)).statusCode).toBe(403);
    const own = await request(t.app, {
      method: 'PUT',
      url: '/api/me/volunteer-profile',
      cookie: volunteerCookie,
      payload: {
        kind: 'individual',
        skills: ['snow'],
        districts: ['chuo'],
        insuranceExpiresOn: '2099-03-31',
      },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().profile.insuranceExpiresOn).toBeNull();
  });

  it.each([
    ['fiscal year huge', { fiscalYear: 10 ** 12 }, 'body.fiscalYear'],
    ['fiscal year negative', { fiscalYear: -2026 }, 'body.fiscalYear'],
    ['fiscal year long past', { fiscalYear: 2001 }, 'body.fiscalYear'],
    ['enrolled in the future', { enrolledOn: jstDate(2) }, 'body.enrolledOn'],
    [
      'enrolled before the year',
      { enrolledOn: `${String(thisYear - 1)}-12-31` },
      'body.enrolledOn',
    ],
    ['not a date', { enrolledOn: '2026-02-30' }, 'body.enrolledOn'],
    ['NUL in the date', { enrolledOn: '2026-04-01\u0000' }, 'body.enrolledOn'],
    ['NUL in a plan id', { planId: 'a\u0000b' }, 'body.planId'],
    ['unknown plan', { planId: crypto.randomUUID() }, 'body.planId'],
    ['no volunteers', { volunteerIds: [] }, 'body.volunteerIds'],
    [
      'a thousand volunteers',
      { volunteerIds: Array.from({ length: 1000 }, () => crypto.randomUUID()) },
      'body.volunteerIds',
    ],
  ])('%s → 400 with a field error', async (_name, extra, field) => {
    const v = await uninsuredVolunteer(t.database, 'chuo', 'none');
    const response = await enrol([v.id], chuoCookie, extra);
    expect(response.statusCode).toBe(400);
    const body = response.json() as {
      error: { fields: { field: string; message: { ja: string } }[] };
    };
    const fields = body.error.fields;
    expect(fields.map((f) => f.field)).toContain(field);
    expect(fields[0]!.message.ja.length).toBeGreaterThan(0);
  });

  it('a bad fiscal year in the query is 400, never 500', async () => {
    for (const q of ['99999999999', '-1', '%00', '２０２６']) {
      const response = await request(t.app, {
        method: 'GET',
        url: `/api/volunteers/insurance?fiscalYear=${q}`,
        cookie: chuoCookie,
      });
      expect(response.statusCode).toBe(400);
    }
  });
});
