import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';

/**
 * A 民生委員 may read the 見守り cases of their districts and add notes, nothing more: every
 * route in the OpenAPI document, called as a 民生委員 of 中央 with a made-up id, succeeds only
 * where listed below (their own account, the cases, public pages). Validation runs before the
 * role check, so a refusal may be 400 as well as 401/403/404/409; never a 2xx, never a 500.
 */
const ALLOWED = new Set([
  // The cases of their districts (the made-up id is 404 all the same).
  'GET /api/concerns',
  'GET /api/concerns/{id}',
  'POST /api/concerns/{id}/notes',
  // Anyone signed in: their own account, data, settings and requests (none).
  'GET /api/me',
  'PUT /api/me/reading-aids',
  'GET /api/help-requests',
  'GET /api/me/notification-preferences',
  'PUT /api/me/notification-preferences',
  'POST /api/me/notification-preferences/line-code',
  'DELETE /api/me/notification-preferences/line',
  'GET /api/me/data',
  'GET /api/me/deletion-request',
  'POST /api/me/deletion-request',
  // Open to everyone.
  'GET /api/healthz',
  'GET /api/readyz',
  'GET /api/districts',
  'GET /api/districts/centres',
  'GET /api/council/public/summary',
  'GET /api/public/needs',
  'GET /api/collection-holidays',
]);

let t: TestApp;
let cookie = '';
const someId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp({}, 'minsei_routes');
  const minsei = await makeUser(t.database, { roles: [{ role: 'minsei_iin', district: 'chuo' }] });
  cookie = await logInAs(t.app, minsei.email);
});
afterAll(async () => {
  await t.close();
});

describe('a 民生委員 on every route', () => {
  it('is refused everything outside the cases and their own account', async () => {
    const doc = (await request(t.app, { method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const succeeded: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        // Signing out would end the session the sweep runs on.
        if (ALLOWED.has(name) || path === '/api/auth/logout') continue;
        const url = path.replace(/\{(\w+)\}/g, (_, param: string) =>
          /code|district/i.test(param) ? 'chuo' : someId,
        );
        const response = await request(t.app, {
          method: method.toUpperCase() as 'GET',
          url,
          ...(method === 'get' ? {} : { payload: {} }),
          cookie,
        });
        checked += 1;
        expect(response.statusCode, `${name}: ${response.body}`).toBeLessThan(500);
        if (response.statusCode < 300) succeeded.push(name);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(succeeded).toEqual([]);
  });
});
