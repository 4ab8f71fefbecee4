import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolationsWithoutJs, openPage, useBrowser } from './browser.ts';
import { useWebServer } from './server.ts';

// Two slots, none reserved, a short wait: two held API calls are enough to make the API busy.
const TOKEN = 'busy-page-metrics-token-0123456789';
const server = useWebServer({
  METRICS_TOKEN: TOKEN,
  ADMISSION_MAX_IN_FLIGHT: '2',
  ADMISSION_INTAKE_RESERVED: '0',
  ADMISSION_MAX_WAIT_MS: '300',
});
const browser = useBrowser();

describe('an overloaded API, seen from the browser', () => {
  it('shows a plain "busy, try again or phone" page with Retry-After, then the page again', async () => {
    const { database, url } = server();
    // Another session holds the districts table: two list calls stay in flight, filling the API.
    const locked = await database.sql.reserve();
    await locked`begin`;
    await locked`lock table districts in access exclusive mode`;
    const held = [0, 1].map(() => fetch(`${url}/api/districts`));
    const { page } = await openPage(browser(), { baseURL: url, javaScriptEnabled: false });
    try {
      await vi.waitFor(
        async () => {
          const metrics = await fetch(`${url}/metrics`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          });
          expect(await metrics.text()).toMatch(/^admission_in_flight\{[^}]*\} 2$/m);
        },
        { timeout: 30_000, interval: 100 },
      );
      const busy = await page.goto('/public');
      expect(busy?.status()).toBe(503);
      expect(busy?.headers()['retry-after']).toBe('10');
      await expect
        .poll(() => page.locator('main, body').first().innerText())
        .toContain('混み合っています');
      await expectNoAxeViolationsWithoutJs(page);
    } finally {
      await locked`rollback`;
      locked.release();
    }
    expect((await Promise.all(held)).map((response) => response.status)).toEqual([200, 200]);
    const again = await page.goto('/public');
    expect(again?.status()).toBe(200);
  });
});
