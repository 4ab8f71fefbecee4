import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { roleAssignments } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf } from './help-loop-fixtures.ts';
import { makePhonedIn } from './resident-register-fixtures.ts';

/**
 * The resident register and the winter fees, attacked: a coordinator moved to another district,
 * the logged-out, someone else's (or no one's) id, and numbers no form would send.
 */
let t: TestApp;
let coordinatorId: string;
let cookie: string;
let resident: string;
const nobody = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp({}, 'register_attacks');
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorId = coordinator.id;
  cookie = await logInAs(t.app, coordinator.email);
  resident = await makePhonedIn(t.database, {
    fullName: '攻撃 試験',
    fullNameKana: 'こうげき しけん',
    phone: '0166-77-0001',
    address: '旭川市5条通9丁目3-12',
  });
});

afterAll(async () => {
  await t.close();
});

const call = (method: 'GET' | 'PATCH' | 'POST', url: string, payload?: unknown, as = cookie) =>
  request(t.app, {
    method,
    url,
    ...(as ? { cookie: as } : {}),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

describe('the resident register and winter fees under attack', () => {
  it('answers the logged-out 401 and never a resident', async () => {
    for (const [method, url] of [
      ['GET', '/api/residents'],
      ['GET', `/api/residents/${resident}`],
      ['GET', `/api/winter-fees/households/${resident}`],
    ] as const) {
      const answer = await call(method, url, undefined, '');
      expect(answer.statusCode, url).toBe(401);
      expect(answer.body).not.toContain('0166-77-0001');
    }
  });

  it('answers an unknown id 404, changing nothing', async () => {
    expect((await call('GET', `/api/residents/${nobody}`)).statusCode).toBe(404);
    expect(
      (await call('PATCH', `/api/residents/${nobody}`, { phone: '0166-77-0002' })).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', `/api/residents/${resident}/merge`, { duplicateId: nobody })).statusCode,
    ).toBe(404);
    const payment = await call('POST', `/api/winter-fees/households/${nobody}/payments`, {
      seasonYear: 2026,
      amountYen: 6000,
      paidOn: '2026-12-01',
      method: 'cash',
    });
    expect(payment.statusCode).toBe(404);
  });

  it('refuses 400-digit numbers with field errors, not a 500', async () => {
    const huge = '9'.repeat(400);
    expect((await call('GET', `/api/residents?page=${huge}`)).statusCode).toBe(400);
    const payment = await request(t.app, {
      method: 'POST',
      url: `/api/winter-fees/households/${resident}/payments`,
      cookie,
      headers: { 'content-type': 'application/json' },
      payload: `{"seasonYear":${huge},"amountYen":${huge},"paidOn":"2026-12-01","method":"cash"}`,
    });
    expect(payment.statusCode).toBe(400);
    expect(payment.json().error.fields.length).toBeGreaterThan(0);
  });

  it('a coordinator moved to another district loses the resident at once (404)', async () => {
    expect((await call('GET', `/api/residents/${resident}`)).statusCode).toBe(200);
    await t.database.db
      .update(roleAssignments)
      .set({ districtId: await districtIdOf(t.database, 'nagayama') })
      .where(
        and(eq(roleAssignments.userId, coordinatorId), eq(roleAssignments.role, 'coordinator')),
      );
    expect((await call('GET', `/api/residents/${resident}`)).statusCode).toBe(404);
    expect(
      (await call('PATCH', `/api/residents/${resident}`, { phone: '0166-77-0003' })).statusCode,
    ).toBe(404);
    expect((await call('GET', `/api/winter-fees/households/${resident}`)).statusCode).toBe(404);
    const listed = await call('GET', '/api/residents?q=0166-77');
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain('0166-77-0001');
  });
});
