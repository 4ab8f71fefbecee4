/**
 * Indicator and centre names in the reader's language (issue 14 item 5): council staff reading
 * in English see the plan's indicators by their English names on the dashboard, an indicator's
 * page and the printed report (tables and chart titles alike), with none of the 35 Japanese
 * names left in the page's main text; the centre registry names its centres in English and
 * edits the English name with a field error when it is emptied (JavaScript off). axe-core
 * checks each page.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CENTRES, PLAN_INDICATORS } from '@sasaeai/db/seed';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  expectText,
  openPage,
  useBrowser,
} from './browser.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

let cookie: { name: string; value: string };

beforeAll(async () => {
  const council = await seedUser(server(), { roles: [{ role: 'council' }] });
  cookie = await sessionCookieFor(server(), council.email, TEST_PASSWORD);
});

/** No indicator's (nor centre's) Japanese name or note in the main text of an English page. */
function expectNoJapaneseNames(text: string | null, where: string) {
  for (const { code, name, baselineNote, targetNote } of PLAN_INDICATORS) {
    expect(text, `${where}: ${code}`).not.toContain(name);
    for (const note of [baselineNote, targetNote]) {
      if (note) expect(text, `${where}: ${code} note`).not.toContain(note);
    }
  }
  for (const { name } of DEMO_CENTRES) expect(text, `${where}: ${name}`).not.toContain(name);
}

const MEMBERSHIP = 'Neighbourhood association membership rate';
const CENTRES_INDICATOR = 'Setting up district volunteer centres';

describe('council staff reading in English', () => {
  test('see every indicator by its English name on the dashboard and the report', async () => {
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      locale: 'en-GB',
      cookies: [cookie],
    });
    const main = page.locator('main');

    await page.goto('/council');
    await expectText(main.locator('tr[data-code="V2-1-a"] th')).toContain(MEMBERSHIP);
    await expectText(main.locator('tr[data-code="V2-1-a"]')).toContain('City');
    await expectText(main.locator('tr[data-code="V2-3-b"]')).toContain('End of FY2022');
    // A system indicator's chart and its data table carry the English name too.
    await expectText(main.locator('.kpi-system h3').first()).not.toMatch(/[\u3040-\u9fff]/);
    expect(await main.locator('svg[role="img"] title').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(CENTRES_INDICATOR)]),
    );
    expect(await main.locator('caption').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(CENTRES_INDICATOR)]),
    );
    expectNoJapaneseNames(await main.textContent(), '/council');
    // Every note beside a figure (the plan's, and the computed counts') is in English.
    for (const note of await main.locator('.kpi-note').allTextContents()) {
      expect(note).not.toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
    }
    await expectNoAxeViolations(page, '/council (en, names)');

    await page.goto('/council/report');
    expect(await main.locator('table.kpi-table tbody tr').count()).toBe(PLAN_INDICATORS.length);
    await expectText(main.locator('tr[data-code="V2-1-a"] th')).toContain(MEMBERSHIP);
    expectNoJapaneseNames(await main.textContent(), '/council/report');
    await expectNoAxeViolations(page, '/council/report (en, names)');

    await page.goto('/council/indicators/V2-1-a');
    await expectText(main.locator('h1')).toContain(MEMBERSHIP);
    expectNoJapaneseNames(await main.textContent(), '/council/indicators/V2-1-a');
    await expectNoAxeViolations(page, '/council/indicators/V2-1-a (en)');
  });

  test('see the centres in English and edit the English name, with JavaScript off', async () => {
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      locale: 'en-GB',
      javaScriptEnabled: false,
      cookies: [cookie],
    });
    const main = page.locator('main');
    await page.goto('/council/centres');
    await expectText(main.locator('#centres-table')).toContain('Chuo District Volunteer Centre');
    expectNoJapaneseNames(await main.textContent(), '/council/centres');
    await expectNoAxeViolationsWithoutJs(page, '/council/centres (en)');

    await main
      .locator('#centres-table tr', { hasText: 'Kagura District Volunteer Centre' })
      .getByRole('link')
      .click();
    await page.waitForURL(/\/council\/centres\/[0-9a-f-]{36}$/);
    const field = page.getByLabel('Centre name in English');
    expect(await field.inputValue()).toBe('Kagura District Volunteer Centre');
    await field.fill('   ');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#nameEn-error').waitFor();
    await expectText(page.locator('#nameEn-error')).toContain('in English');
    await expectNoAxeViolationsWithoutJs(page, '/council/centres/[id] (en) with errors');

    await page.getByLabel('Centre name in English').fill('Kagura Volunteer Centre');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.notice--success').waitFor();
    await expectText(page.locator('.notice--success')).toContain('Kagura Volunteer Centre');
    await page.goto('/council/centres');
    await expectText(main.locator('#centres-table')).toContain('Kagura Volunteer Centre');
  });

  test('in Japanese the same pages keep the Japanese names', async () => {
    const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
    await page.goto('/council');
    await expectText(page.locator('main tr[data-code="V2-1-a"] th')).toContain('町内会加入率');
    await expectText(page.locator('main tr[data-code="V2-3-b"]')).toContain('令和4年度末');
    await page.goto('/council/centres');
    await expectText(page.locator('main #centres-table')).toContain('中央地区ボランティアセンター');
  });
});
