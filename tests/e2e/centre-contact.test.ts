/**
 * Each centre's own contact: council staff keep a centre's phone and opening hours in the
 * registry (bad input gets field errors, JavaScript off), and a resident sees their own
 * district centre's phone and hours where the pages used to show one sample number; a district
 * without a centre phone still shows the city-wide number.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { volunteerCentres } from '@sasaeai/db/schema';
import { makeResident } from '../../services/api/test/help-loop-fixtures.ts';
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

async function residentPage(address?: string, district?: string) {
  const resident = await makeResident(server().database, address, district);
  const cookie = await sessionCookieFor(server(), resident.email, TEST_PASSWORD);
  return openPage(browser(), { baseURL: server().url, cookies: [cookie] });
}

describe('a resident sees their own centre’s phone', () => {
  test('a resident of 中央 sees the 中央 centre’s number and hours, not the sample', async () => {
    const { page } = await residentPage();
    await page.goto('/requests/new');
    const card = page.locator('main .card--phone');
    await expectText(card).toContain('中央地区ボランティアセンター');
    await expectText(card).toContain('0166-00-1001');
    await expectText(card).toContain('受付：月曜日から 金曜日 午前9時から 午後5時まで（見本）');
    expect(await card.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:0166001001');
    expect(await card.textContent()).not.toContain('0166-00-0000');
    await expectText(page.locator('footer')).toContain('0166-00-1001');
    expect(await page.locator('footer').textContent()).not.toContain('0166-00-0000');

    await page.goto('/');
    await expectText(page.locator('#section-resident')).toContain('0166-00-1001');
    await expectNoAxeViolations(page, '/ as a resident with a centre phone');
  });

  test('a district without a centre phone shows the city-wide number', async () => {
    const { page } = await residentPage('旭川市神居3条1丁目1-1', 'kamui');
    await page.goto('/requests/new');
    const card = page.locator('main .card--phone');
    await expectText(card).toContain('0166-00-0000');
    expect(await card.locator('[data-centre]').getAttribute('data-centre')).toBe('city');
  });

  test('a visitor (not logged in) sees the city-wide number', async () => {
    const { page } = await openPage(browser(), { baseURL: server().url });
    await page.goto('/');
    await expectText(page.locator('main .card--phone')).toContain('0166-00-0000');
    await expectText(page.locator('footer')).toContain('0166-00-0000');
  });
});

describe('council staff keep the centre’s contact in the registry', () => {
  test('bad input gets field errors; a good save shows on the resident’s page (JS off)', async () => {
    const [nagayama] = await server()
      .database.db.select({ id: volunteerCentres.id })
      .from(volunteerCentres)
      .where(eq(volunteerCentres.name, '永山地区ボランティアセンター'));
    const staff = await seedUser(server(), { roles: [{ role: 'council' }] });
    const cookie = await sessionCookieFor(server(), staff.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [cookie],
    });
    const main = page.locator('main');
    await page.goto(`/council/centres/${nagayama!.id}`);
    expect(await main.locator('#phone').inputValue()).toBe('0166-00-1002');

    // The field itself stops at 200 characters (the API refuses more: its own test).
    await main.locator('#hoursJa').fill('月'.repeat(201));
    expect((await main.locator('#hoursJa').inputValue()).length).toBe(200);
    await main.locator('#phone').fill('0166-ab-電話');
    await main.getByRole('button', { name: '保存する' }).click();
    await page.locator('.error-summary').waitFor();
    await expectText(page.locator('#phone-error')).toContain('数字と ハイフンで');
    expect(await main.locator('#phone').inputValue()).toBe('0166-ab-電話');
    expect(await page.title()).toMatch(/^エラー：/);
    await expectNoAxeViolationsWithoutJs(page, '/council/centres/[id] with errors');
    const [unchanged] = await server()
      .database.db.select()
      .from(volunteerCentres)
      .where(eq(volunteerCentres.id, nagayama!.id));
    expect(unchanged?.phone).toBe('0166-00-1002');

    await main.locator('#phone').fill('0166-00-2222');
    await main.locator('#hoursJa').fill('火曜日と 木曜日 午前10時から 正午まで');
    await main.locator('#hoursEn').fill('Tuesdays and Thursdays, 10 am to noon');
    await main.getByRole('button', { name: '保存する' }).click();
    await expectText(main).toContain('「永山地区ボランティアセンター」を 保存しました。');
    await expectNoAxeViolationsWithoutJs(page, '/council/centres/[id] saved');

    const { page: residentView } = await residentPage('旭川市永山3条5丁目2-10', 'nagayama');
    await residentView.goto('/requests/new');
    const card = residentView.locator('main .card--phone');
    await expectText(card).toContain('0166-00-2222');
    await expectText(card).toContain('火曜日と 木曜日 午前10時から 正午まで');
  });
});
