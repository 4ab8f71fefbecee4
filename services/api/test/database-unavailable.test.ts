import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, request, type TestApp } from './helper.ts';

/**
 * Found by the fault battery (tests/faults, PostgreSQL restarted with -m immediate): while
 * PostgreSQL cannot be reached, requests answered 500 "something went wrong on our side".
 * They answer 503 `unavailable` with Retry-After instead, as while Redis is down.
 */
describe('while PostgreSQL is unreachable', () => {
  let broken: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: the machine's shared PostgreSQL is left alone.
    broken = await createTestApp(
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/sasaeai' },
      'pgdown',
    );
  });
  afterAll(async () => {
    await broken.close();
  });

  it.each([
    ['POST', '/api/help-requests'],
    ['GET', '/api/help-requests'],
  ] as const)('%s %s answers 503 "try again in a minute", never 500', async (method, url) => {
    const response = await request(broken.app, {
      method,
      url,
      cookie: 'sasaeai_session=aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb',
      ...(method === 'POST'
        ? { payload: { category: 'snow', when: { kind: 'asap' }, where: { kind: 'profile' } } }
        : {}),
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
    const body = response.json();
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message.en).toContain('try again in a minute');
  });
});
