/**
 * Reading aids in Chromium with JavaScript off: the header's ふりがな / text size / contrast
 * switch posts and redirects, the pages come back with ruby over kanji and larger text, a
 * visitor keeps the choice in a cookie and a resident on the account. At the largest size on a
 * 375 px phone whose own text size is 150 %, no page scrolls sideways; axe finds nothing.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { makeResident } from '../../services/api/test/help-loop-fixtures.ts';
import { expectNoAxeViolationsWithoutJs, openPage, useBrowser } from './browser.ts';
import { apiRequest, sessionCookieFor, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

async function choose(
  page: Page,
  aids: { furigana: boolean; size: 'normal' | 'large' | 'largest'; contrast: boolean },
) {
  const details = page.locator('details.reading-aids');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  // By id: with ruby on, a label's text has the readings in it.
  await page.locator('#aids-furigana').setChecked(aids.furigana);
  await page.locator(`#aids-size-${aids.size}`).check();
  await page.locator('#aids-contrast').setChecked(aids.contrast);
  await page.locator('.reading-aids button[type="submit"]').click();
  await page.waitForLoadState('load');
}

/** Like a phone whose owner set the text size to 150 % (Chromium's default font 16 → 24 px). */
async function asPhoneWithLargeText(page: Page) {
  await page.setViewportSize({ width: 375, height: 740 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24, fixed: 20 } });
}

/** How far the page scrolls sideways, and the outermost elements sticking out. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .filter(
        (el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 0.5,
      )
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { by: document.documentElement.scrollWidth - width, out };
  });

describe('reading aids without JavaScript', () => {
  test('a visitor switches on ふりがな and the largest text; the choice stays', async () => {
    const { page, context } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
    });
    await page.goto('/');
    expect(await page.locator('ruby').count()).toBe(0);

    await choose(page, { furigana: true, size: 'largest', contrast: true });
    // Back on the same page by a redirect (a reload re-sends nothing).
    expect(new URL(page.url()).pathname).toBe('/');
    const html = page.locator('html');
    expect(await html.getAttribute('data-text-size')).toBe('largest');
    expect(await html.getAttribute('data-contrast')).toBe('high');
    expect(await page.locator('h2 ruby').count()).toBeGreaterThan(0);
    expect(await page.locator('rt', { hasText: 'てつだ' }).count()).toBeGreaterThan(0);
    const fontSize = await page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    expect(fontSize).toBe(24);
    const cookie = (await context.cookies()).find((c) => c.name === 'reading_aids');
    expect(cookie?.value).toBe('f1.largest.c1');

    await page.goto('/login');
    expect(await page.locator('main ruby').count()).toBeGreaterThan(0);
    await expectNoAxeViolationsWithoutJs(page, '/login with ふりがな, largest, high contrast');

    await choose(page, { furigana: false, size: 'normal', contrast: false });
    expect(await page.locator('ruby').count()).toBe(0);
    expect(await page.locator('html').getAttribute('data-text-size')).toBe('normal');
  });

  test('a resident’s choice is kept on the account; at the largest size a phone does not scroll sideways', async () => {
    const resident = await makeResident(server().database);
    const cookie = await sessionCookieFor(server(), resident.email, resident.password);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [cookie],
    });
    await asPhoneWithLargeText(page);
    await page.goto('/requests/new');
    await choose(page, { furigana: true, size: 'largest', contrast: false });
    expect(new URL(page.url()).pathname).toBe('/requests/new');
    expect(await page.locator('legend ruby').count()).toBeGreaterThan(0);

    const me = await apiRequest(server(), '/api/me', {
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    const body = (await me.json()) as { user: { readingAids: unknown } };
    expect(body.user.readingAids).toEqual({
      furigana: true,
      textSize: 'largest',
      highContrast: false,
    });

    for (const path of ['/requests/new', '/requests', '/', '/account']) {
      await page.goto(path);
      expect(await page.locator('html').getAttribute('data-text-size'), path).toBe('largest');
      expect(await overflow(page), `${path} scrolls sideways`).toEqual({ by: 0, out: [] });
    }
    await page.goto('/requests/new');
    await expectNoAxeViolationsWithoutJs(page, '/requests/new with ふりがな at the largest size');
  });
});
