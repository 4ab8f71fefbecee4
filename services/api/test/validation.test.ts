import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';

let t: TestApp;
let admin: string;
let coordinator: string;
beforeAll(async () => {
  t = await createTestApp({}, 'validation');
  admin = await logInAs(t.app, (await makeUser(t.database, { roles: [{ role: 'admin' }] })).email);
  coordinator = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
  );
});
afterAll(async () => {
  await t.close();
});

type Case = {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  payload?: unknown;
  as?: 'admin' | 'coordinator';
  field?: string;
  contentType?: string;
};

const cases: Case[] = [
  {
    name: 'sign-up with no body',
    method: 'POST',
    url: '/api/auth/signup',
    payload: {},
    field: 'body.email',
  },
  {
    name: 'sign-up with a bad email',
    method: 'POST',
    url: '/api/auth/signup',
    payload: {
      email: 'not-an-email',
      password: 'long enough password',
      displayName: 'a',
      roles: ['resident'],
    },
    field: 'body.email',
  },
  {
    name: 'sign-up with a short password',
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email: 'a@example.test', password: 'short', displayName: 'a', roles: ['resident'] },
    field: 'body.password',
  },
  {
    name: 'sign-up with no role',
    method: 'POST',
    url: '/api/auth/signup',
    payload: {
      email: 'a@example.test',
      password: 'long enough password',
      displayName: 'a',
      roles: [],
    },
    field: 'body.roles',
  },
  {
    name: 'log-in with a number as email',
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 5, password: 'x' },
    field: 'body.email',
  },
  {
    name: 'log-in with malformed JSON',
    method: 'POST',
    url: '/api/auth/login',
    payload: '{"email":',
    contentType: 'application/json',
  },
  {
    name: 'log-in as plain text',
    method: 'POST',
    url: '/api/auth/login',
    payload: 'hello',
    contentType: 'text/plain',
  },
  {
    name: 'password change with no body',
    method: 'POST',
    url: '/api/auth/password',
    payload: {},
    as: 'admin',
    field: 'body.currentPassword',
  },
  {
    name: 'add an unknown role',
    method: 'POST',
    url: '/api/me/roles',
    payload: { role: 'king' },
    as: 'admin',
    field: 'body.role',
  },
  {
    name: 'district code with capitals',
    method: 'GET',
    url: '/api/districts/CHUO!/volunteers',
    as: 'coordinator',
    field: 'params.code',
  },
  {
    name: 'verify a volunteer with a bad id',
    method: 'POST',
    url: '/api/volunteers/123/verify',
    payload: { status: 'active' },
    as: 'coordinator',
    field: 'params.id',
  },
  {
    name: 'verify with an unknown status',
    method: 'POST',
    url: '/api/volunteers/00000000-0000-4000-8000-000000000000/verify',
    payload: { status: 'maybe' },
    as: 'coordinator',
    field: 'body.status',
  },
  {
    name: 'grant a role with no user',
    method: 'POST',
    url: '/api/admin/role-assignments',
    payload: { role: 'admin' },
    as: 'admin',
    field: 'body.userId',
  },
  {
    name: 'grant coordinator without districts',
    method: 'POST',
    url: '/api/admin/role-assignments',
    payload: { userId: '00000000-0000-4000-8000-000000000000', role: 'coordinator' },
    as: 'admin',
    field: 'body.districts',
  },
];

describe('bad input gets a 4xx with field errors, never a 500', () => {
  it.each(cases)('$name', async (c) => {
    const response = await request(t.app, {
      method: c.method,
      url: c.url,
      ...(c.payload !== undefined ? { payload: c.payload as string } : {}),
      ...(c.as ? { cookie: c.as === 'admin' ? admin : coordinator } : {}),
      ...(c.contentType ? { headers: { 'content-type': c.contentType } } : {}),
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    const body = response.json();
    expect(body.error.message.ja).toBeTruthy();
    expect(body.error.message.en).toBeTruthy();
    if (c.field) {
      const fields = body.error.fields.map((f: { field: string }) => f.field);
      expect(fields).toContain(c.field);
      for (const f of body.error.fields) {
        expect(f.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
        expect(f.message.en).toMatch(/[a-z]/);
      }
    }
  });

  it('an unknown API path is a JSON 404', async () => {
    const response = await request(t.app, { method: 'GET', url: '/api/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
