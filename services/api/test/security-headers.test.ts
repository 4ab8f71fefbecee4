import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident } from './help-loop-fixtures.ts';

let t: TestApp;
let resident: string;
let residentEmail: string;
beforeAll(async () => {
  t = await createTestApp({}, 'headers');
  residentEmail = (await makeResident(t.database)).email;
  resident = await logInAs(t.app, residentEmail);
});
afterAll(async () => {
  await t.close();
});

function expectApiHeaders(response: LightMyRequestResponse) {
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  expect(response.headers['x-frame-options']).toBeDefined();
  expect(response.headers['referrer-policy']).toBe('same-origin');
}

describe('API answers are never cached and never sniffed', () => {
  it('the resident profile (an address) and the signed-in user', async () => {
    for (const url of ['/api/me/resident-profile', '/api/me']) {
      const response = await request(t.app, { method: 'GET', url, cookie: resident });
      expect(response.statusCode, url).toBe(200);
      expectApiHeaders(response);
    }
  });

  it('the log-in answer that sets the session cookie, and error answers', async () => {
    const login = await request(t.app, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: residentEmail, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(200);
    expectApiHeaders(login);
    const denied = await request(t.app, { method: 'GET', url: '/api/me/resident-profile' });
    expect(denied.statusCode).toBe(401);
    expectApiHeaders(denied);
    const missing = await request(t.app, { method: 'GET', url: '/api/nope', cookie: resident });
    expect(missing.statusCode).toBe(404);
    expectApiHeaders(missing);
  });
});

describe('HTML pages under /api keep their own scripts', () => {
  it('the admins’ queues board is not cached but gets no script-blocking CSP', async () => {
    const admin = await makeUser(t.database, { roles: [{ role: 'admin' }] });
    const page = await request(t.app, {
      method: 'GET',
      url: '/api/admin/queues',
      cookie: await logInAs(t.app, admin.email),
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy'] ?? '').not.toContain("default-src 'none'");
  });
});

describe('the API documentation is not served in production', () => {
  it('serves the docs outside production', async () => {
    const docs = await request(t.app, { method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    const spec = await request(t.app, { method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
  });

  it('answers 404 for the docs and the OpenAPI document in production', async () => {
    const production = await createTestApp({ NODE_ENV: 'production' }, 'headers-prod');
    try {
      for (const url of ['/api/docs', '/api/docs/', '/api/docs/json', '/api/openapi.json']) {
        const response = await request(production.app, { method: 'GET', url });
        expect(response.statusCode, url).toBe(404);
      }
    } finally {
      await production.close();
    }
  });
});
