import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helper.ts';

const TOKEN = 'scrape-token-for-the-metrics-test';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: TOKEN }, 'metrics');
});
afterAll(async () => {
  await t.close();
});

const scrape = (authorization?: string) =>
  t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: authorization ? { authorization } : {},
  });

describe('/metrics', () => {
  it('does not exist for a caller without the token, or with a wrong one', async () => {
    expect((await scrape()).statusCode).toBe(404);
    expect((await scrape(`Bearer ${TOKEN}x`)).statusCode).toBe(404);
    expect((await scrape(TOKEN)).statusCode).toBe(404);
    // A huge or odd bearer is a plain refusal, never an error.
    expect((await scrape(`Bearer ${'x'.repeat(10_000)}`)).statusCode).toBe(404);
    expect((await scrape(`Bearer ${TOKEN}\u3000`)).statusCode).toBe(404);
  });

  it('does not exist at all when no token is configured', async () => {
    const open = await createTestApp({}, 'metrics-off');
    try {
      const response = await open.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer anything-at-all-here' },
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await open.close();
    }
  });

  it('gives the scraper HTTP latency by route pattern, event-loop lag and DB connections', async () => {
    await t.app.inject({ method: 'GET', url: '/api/healthz' });
    const id = randomUUID();
    await t.app.inject({ method: 'GET', url: `/api/help-requests/${id}` });

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = response.body;
    expect(text).toMatch(
      /http_request_duration_seconds_count\{service="api",method="GET",route="\/api\/healthz",status_code="200"\} 1/,
    );
    // The route's pattern, never the URL with its id.
    expect(text).toContain('route="/api/help-requests/:id",status_code="401"');
    expect(text).not.toContain(id);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/db_connections\{state="(active|idle)",service="api"\} [1-9]/);
  });
});
