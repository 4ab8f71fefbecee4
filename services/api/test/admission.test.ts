import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './helper.ts';

const TOKEN = 'admission-metrics-token-0123456789';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp(
    {
      ADMISSION_MAX_IN_FLIGHT: '3',
      ADMISSION_INTAKE_RESERVED: '1',
      ADMISSION_MAX_WAIT_MS: '300',
      ADMISSION_MAX_QUEUE: '10',
      METRICS_TOKEN: TOKEN,
    },
    'admission',
  );
});
afterAll(async () => t.close());

describe('admission control under overload', () => {
  it('refuses other work with 503 busy and Retry-After, keeps intake and probes answering', async () => {
    // Another session holds the districts table: the list requests stay in flight until it lets go.
    const lock = t.database.sql.reserve();
    const locked = await lock;
    await locked`begin`;
    await locked`lock table districts in access exclusive mode`;
    const held = [
      t.app.inject({ method: 'GET', url: '/api/districts' }),
      t.app.inject({ method: 'GET', url: '/api/districts' }),
    ];
    await vi.waitFor(
      async () => {
        const metrics = await t.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        expect(metrics.body).toMatch(/^admission_in_flight\{[^}]*\} 2$/m);
      },
      { timeout: 20_000, interval: 50 },
    );
    try {
      const refused = await t.app.inject({ method: 'GET', url: '/api/districts' });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('10');
      expect(refused.json()).toMatchObject({ error: { code: 'busy' } });

      // The reserved slot still takes a resident's request (refused here by validation, not busy).
      const intake = await t.app.inject({
        method: 'POST',
        url: '/api/help-requests',
        payload: {},
      });
      expect(intake.statusCode).toBe(400);
      expect(intake.json()).toMatchObject({ error: { code: 'validation_failed' } });

      const health = await t.app.inject({ method: 'GET', url: '/api/healthz' });
      expect(health.statusCode).toBe(200);
    } finally {
      await locked`rollback`;
      locked.release();
    }
    const answers = await Promise.all(held);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);

    const metrics = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(metrics.body).toMatch(/^admission_refused_total\{[^}]*class="other"[^}]*\} 1$/m);
    expect(metrics.body).toMatch(/^admission_in_flight\{[^}]*\} 0$/m);
  });
});
