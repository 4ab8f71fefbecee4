import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, logInAs, makeUser, request, sameOrigin, type TestApp } from './helper.ts';

let t: TestApp;
const cookies: Record<'admin' | 'coordinator' | 'resident', string> = {
  admin: '',
  coordinator: '',
  resident: '',
};

beforeAll(async () => {
  t = await createTestApp({}, 'queues-board');
  const admin = await makeUser(t.database, { roles: [{ role: 'admin' }] });
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  const resident = await makeUser(t.database, { roles: [{ role: 'resident' }] });
  cookies.admin = await logInAs(t.app, admin.email);
  cookies.coordinator = await logInAs(t.app, coordinator.email);
  cookies.resident = await logInAs(t.app, resident.email);
});
afterAll(async () => {
  await t.close();
});

describe('the queues board (Bull Board)', () => {
  it('is refused to anyone signed out (401) and to every role but admin (403)', async () => {
    for (const url of ['/api/admin/queues', '/api/admin/queues/api/queues']) {
      const anonymous = await request(t.app, { method: 'GET', url });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.code).toBe('unauthenticated');
      for (const who of ['coordinator', 'resident'] as const) {
        const refused = await request(t.app, { method: 'GET', url, cookie: cookies[who] });
        expect(refused.statusCode).toBe(403);
        expect(refused.json().error.code).toBe('forbidden');
      }
    }
    const clean = await request(t.app, {
      method: 'PUT',
      url: '/api/admin/queues/api/queues/matching/clean/failed',
      cookie: cookies.coordinator,
      headers: sameOrigin,
    });
    expect(clean.statusCode).toBe(403);
  });

  it('shows an admin the board and every queue of the worker', async () => {
    const page = await request(t.app, {
      method: 'GET',
      url: '/api/admin/queues',
      cookie: cookies.admin,
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<base href="/api/admin/queues/" />');
    const stylesheet = /href="(static\/css\/[^"]+)"/.exec(page.body)?.[1];
    const css = await request(t.app, {
      method: 'GET',
      url: `/api/admin/queues/${stylesheet}`,
      cookie: cookies.admin,
    });
    expect(css.statusCode).toBe(200);

    const listed = await request(t.app, {
      method: 'GET',
      url: '/api/admin/queues/api/queues',
      cookie: cookies.admin,
    });
    expect(listed.statusCode).toBe(200);
    const names = (listed.json() as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names.sort()).toEqual(['maintenance', 'matching', 'notifications']);

    // A queue that does not exist, or a 10,000-character name, is refused by the board, not a 500.
    for (const queue of ['no-such-queue', 'q'.repeat(10_000)]) {
      const unknown = await request(t.app, {
        method: 'GET',
        url: `/api/admin/queues/api/queues/${queue}/x`,
        cookie: cookies.admin,
      });
      expect(unknown.statusCode).toBeGreaterThanOrEqual(400);
      expect(unknown.statusCode).toBeLessThan(500);
    }
  });

  it('refuses an admin action sent from another site', async () => {
    const crossSite = await request(t.app, {
      method: 'PUT',
      url: '/api/admin/queues/api/queues/matching/clean/failed',
      cookie: cookies.admin,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('cross_origin');
  });
});
