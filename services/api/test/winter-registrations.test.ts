import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { winterRegistrations } from '@sasaeai/db/schema';
import { jstToday, seasonToRegisterFor } from '@sasaeai/core';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident, NAGAYAMA_ADDRESS } from './help-loop-fixtures.ts';
import { winterBody } from './snow-fixtures.ts';

const season = seasonToRegisterFor(jstToday(new Date()));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function residentCookie() {
  const resident = await makeResident(t.database);
  return { resident, cookie: await logInAs(t.app, resident.email) };
}

describe('winter registration (冬の除雪登録)', () => {
  it('a resident registers for the whole season and sees it', async () => {
    const { resident, cookie } = await residentCookie();
    const created = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody(),
    });
    expect(created.statusCode).toBe(201);
    const { registration } = created.json();
    expect(registration).toMatchObject({
      residentId: resident.id,
      district: 'chuo',
      viaProxy: false,
      seasonYear: season,
      validFrom: `${String(season)}-12-01`,
      validUntil: `${String(season + 1)}-03-31`,
      frontageMetres: 8,
      readyFrom: '07:00',
      readyBy: '10:00',
      thresholdCm: 10,
      status: 'active',
    });

    const mine = await request(t.app, {
      method: 'GET',
      url: '/api/winter-registrations/mine',
      cookie,
    });
    expect(mine.json().registration.id).toBe(registration.id);
  });

  it('one standing registration per household per season (409), pause and resume, then end', async () => {
    const { cookie } = await residentCookie();
    const first = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody(),
    });
    const id = first.json().registration.id as string;
    const second = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody({ thresholdCm: 20 }),
    });
    expect(second.statusCode).toBe(409);

    const setStatus = (status: string) =>
      request(t.app, {
        method: 'POST',
        url: `/api/winter-registrations/${id}/status`,
        cookie,
        payload: { status },
      });
    expect((await setStatus('paused')).json().registration.status).toBe('paused');
    // A paused registration still holds the season's place.
    const whilePaused = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody(),
    });
    expect(whilePaused.statusCode).toBe(409);
    expect((await setStatus('active')).json().registration.status).toBe('active');
    expect((await setStatus('ended')).json().registration.status).toBe('ended');
    expect((await setStatus('active')).statusCode).toBe(409);
    const again = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody(),
    });
    expect(again.statusCode).toBe(201);
  });

  it.each([
    ['a start before the season', { validFrom: `${String(season)}-11-15` }, 'body.validFrom'],
    [
      'an end after the season',
      { validFrom: `${String(season)}-12-10`, validUntil: `${String(season + 1)}-04-10` },
      'body.validUntil',
    ],
    ['an absurd frontage', { frontageMetres: 5000 }, 'body.frontageMetres'],
    ['no frontage at all', { frontageMetres: 0 }, 'body.frontageMetres'],
    ['a threshold of 0 cm', { thresholdCm: 0 }, 'body.thresholdCm'],
    ['NUL in the access notes', { accessNotes: 'gate\u0000code' }, 'body.accessNotes'],
    [
      'a window that ends before it starts',
      { readyFrom: '10:00', readyBy: '07:00' },
      'body.readyBy',
    ],
  ])('refuses %s with a field error and writes nothing', async (_label, overrides, field) => {
    const { resident, cookie } = await residentCookie();
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody(overrides),
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.fields as { field: string; message: { ja: string } }[];
    expect(fields.map((f) => f.field)).toContain(field);
    expect(fields.every((f) => f.message.ja.length > 0)).toBe(true);
    const rows = await t.database.db
      .select()
      .from(winterRegistrations)
      .where(eq(winterRegistrations.residentId, resident.id));
    expect(rows).toHaveLength(0);
  });

  it('a coordinator registers a resident of their own district, never another district’s', async () => {
    const coordinator = await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const cookie = await logInAs(t.app, coordinator.email);
    const own = await makeResident(t.database);
    const other = await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama');

    const forOwn = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody({ residentId: own.id }),
    });
    expect(forOwn.statusCode).toBe(201);
    expect(forOwn.json().registration).toMatchObject({ residentId: own.id, viaProxy: true });

    const forOther = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody({ residentId: other.id }),
    });
    expect(forOther.statusCode).toBe(403);
    const rows = await t.database.db
      .select()
      .from(winterRegistrations)
      .where(eq(winterRegistrations.residentId, other.id));
    expect(rows).toHaveLength(0);

    const listed = await request(t.app, {
      method: 'GET',
      url: '/api/winter-registrations',
      cookie,
    });
    const ids = (listed.json().residents as { residentId: string }[]).map((r) => r.residentId);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(other.id);

    // The other district's resident's registration cannot be paused by this coordinator either.
    const otherCookie = await logInAs(t.app, other.email);
    const theirs = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie: otherCookie,
      payload: winterBody(),
    });
    const pause = await request(t.app, {
      method: 'POST',
      url: `/api/winter-registrations/${String(theirs.json().registration.id)}/status`,
      cookie,
      payload: { status: 'paused' },
    });
    expect(pause.statusCode).toBe(404);
  });

  it('a resident cannot register someone else', async () => {
    const { cookie } = await residentCookie();
    const neighbour = await makeResident(t.database);
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/winter-registrations',
      cookie,
      payload: winterBody({ residentId: neighbour.id }),
    });
    expect(response.statusCode).toBe(403);
  });
});
