import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helper.ts';
import { loadApiEnv, EnvError } from '../src/env.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, 'health');
});
afterAll(async () => {
  await t.close();
});

describe('health, readiness and the API document', () => {
  it('healthz says the process is up', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/healthz' });
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('readyz checks PostgreSQL and Redis', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { postgres: true, redis: true } });
  });

  it('readyz answers 503 when Redis is unreachable', async () => {
    const broken = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, 'health-broken');
    try {
      const response = await broken.app.inject({ method: 'GET', url: '/api/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json().checks).toEqual({ postgres: true, redis: false });
    } finally {
      await broken.close();
    }
  });

  it('serves an OpenAPI document generated from the route schemas, and its UI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/auth/signup', '/api/me', '/api/readyz']),
    );
    expect(
      doc.paths['/api/auth/signup'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(expect.arrayContaining(['email', 'password', 'displayName', 'roles']));
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('every response carries a request id', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/healthz' });
    expect(response.headers['x-request-id']).toMatch(/[\w-]{8,}/);
  });
});

describe('environment validation', () => {
  it('names every bad variable', () => {
    expect(() => loadApiEnv({ PORT: 'eighty', DATABASE_URL: 'nope' })).toThrow(EnvError);
    try {
      loadApiEnv({ PORT: 'eighty', DATABASE_URL: 'nope' });
    } catch (error) {
      expect((error as Error).message).toContain('PORT');
      expect((error as Error).message).toContain('DATABASE_URL');
    }
  });

  it('fills defaults for a development start', () => {
    const env = loadApiEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DEMO_MODE).toBe(false);
  });
});
