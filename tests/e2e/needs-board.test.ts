/**
 * The public needs board (/needs): without logging in anyone sees how many needs of the week
 * still look for helpers per district and kind — counts only, nothing that points at a
 * household — and one button per row leads to volunteer sign-up with that district chosen.
 * With JavaScript on and off, in Japanese and English, checked by axe-core.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import type { HelpCategory, RequestStatus } from '@sasaeai/contracts';
import {
  districts,
  helpRequests,
  residentProfiles,
  users,
  volunteerDistricts,
} from '@sasaeai/db/schema';
import { districtIdOf } from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  expectText,
  openPage,
  useBrowser,
  waitForEnhanced,
} from './browser.ts';
import { seedUser, uniqueEmail, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NAME = '秘密野 花子';
const KANA = 'ひみつの はなこ';
const ADDRESS = '旭川市神楽3条7丁目1-23';
const PHONE = '0166-61-9876';
const NOTES = '裏口の 鍵は 植木鉢の 下';
const requestIds: string[] = [];

async function need(code: string, category: HelpCategory, status: RequestStatus = 'matching') {
  const resident = await seedUser(server(), { roles: [{ role: 'resident' }] });
  const districtId = await districtIdOf(server().database, code);
  await server().database.db.insert(residentProfiles).values({
    userId: resident.id,
    fullName: NAME,
    fullNameKana: KANA,
    phone: PHONE,
    address: ADDRESS,
    districtId,
    consentAt: new Date(),
    consentMethod: 'online_form',
  });
  const start = new Date(Date.now() + DAY + requestIds.length * HOUR);
  const [row] = await server()
    .database.db.insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId,
      category,
      status,
      address: ADDRESS,
      notes: NOTES,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 2 * HOUR),
    })
    .returning({ id: helpRequests.id });
  requestIds.push(row!.id);
}

/** Everything on the page that could point at a household must be absent from its HTML. */
async function expectNothingPersonal(html: string) {
  for (const secret of [NAME, KANA, ADDRESS, '7丁目', PHONE, NOTES, ...requestIds]) {
    expect(html).not.toContain(secret);
  }
  // 東光 has a single need: folded into "other districts", never named.
  expect(html).not.toContain('東光');
  expect(html).not.toContain('district=toko');
}

beforeAll(async () => {
  for (let i = 0; i < 4; i++) await need('kagura', 'snow');
  await need('toko', 'visit');
  await need('toko', 'visit', 'accepted');
});

describe('the public needs board', () => {
  test('shows the week’s needs without log-in, names no one, and passes axe', async () => {
    const { page } = await openPage(browser(), { baseURL: server().url });
    const response = await page.goto('/needs');
    expect(response?.status()).toBe(200);
    const main = page.locator('main');
    await expectText(main.locator('h1')).toBe('手伝いが 足りない ところ');
    const kagura = main.locator('[data-district="kagura"][data-category="snow"]');
    await expectText(kagura).toContain('神楽 地区で 雪かきの 手伝いが 4件 足りません');
    const others = main.locator('[data-district=""][data-category="visit"]');
    await expectText(others).toContain('その他の 地区で 話し相手の 手伝いが 1件 足りません');
    await expectText(main.locator('.needs-total')).toContain('あわせて 5件');
    await expectNothingPersonal(await page.content());
    await expectNoAxeViolations(page, '/needs');

    // A shared link's preview card.
    const meta = (selector: string) => page.locator(selector).getAttribute('content');
    expect(await meta('meta[property="og:type"]')).toBe('website');
    expect(await meta('meta[property="og:title"]')).toContain('手伝いが 足りない ところ');
    expect(await meta('meta[property="og:description"]')).toContain('雪かき 4件');
    expect(await meta('meta[property="og:url"]')).toBe(`${server().url}/needs`);
    expect(await meta('meta[name="twitter:card"]')).toBe('summary');
  });

  test('a row’s button opens volunteer sign-up with its district chosen', async () => {
    const { page } = await openPage(browser(), { baseURL: server().url });
    await page.goto('/needs');
    await waitForEnhanced(page);
    await page.getByRole('link', { name: '神楽 地区で 手伝う（登録する）' }).click();
    await page.waitForURL(/\/signup\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('district')).toBe('kagura');
    const main = page.locator('main');
    expect(await main.locator('#volunteerDistrict').inputValue()).toBe('kagura');
    expect(await main.locator('#role-volunteer').isChecked()).toBe(true);
    expect(await main.locator('#role-resident').isChecked()).toBe(false);
    await expectText(main).toContain('神楽 地区の ボランティアとして 登録します。');
    await expectNoAxeViolations(page, '/signup for 神楽');
  });

  test('ignores an unknown or hostile district in the link', async () => {
    const { page } = await openPage(browser(), { baseURL: server().url });
    for (const district of [
      'atlantis',
      '<script>alert(1)</script>',
      'kagura\u0000',
      'x'.repeat(5000),
    ]) {
      const response = await page.goto(`/signup?district=${encodeURIComponent(district)}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('#volunteerDistrict').inputValue()).toBe('');
      expect(await page.locator('#role-volunteer').isChecked()).toBe(false);
      expect(await page.locator('main').textContent()).not.toContain(
        'ボランティアとして 登録します',
      );
    }
  });

  test('works with JavaScript off: board, button, sign-up into that district', async () => {
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
    });
    await page.goto('/');
    await page
      .locator('main')
      .getByRole('link', { name: '手伝いが 足りない ところを 見る' })
      .click();
    await page.waitForURL(/\/needs$/);
    await expectText(page.locator('main')).toContain(
      '神楽 地区で 雪かきの 手伝いが 4件 足りません',
    );
    await expectNothingPersonal(await page.content());
    await expectNoAxeViolationsWithoutJs(page, '/needs');

    await page.getByRole('link', { name: '神楽 地区で 手伝う（登録する）' }).click();
    await page.waitForURL(/\/signup\?/);
    const main = page.locator('main');
    expect(await main.locator('#volunteerDistrict').inputValue()).toBe('kagura');
    const email = uniqueEmail('kagura-helper');
    await main.locator('#displayName').fill('神楽 手伝い');
    await main.locator('#email').fill(email);
    await main.locator('#password').fill('correct horse battery staple');
    await main.locator('#privacyConsent').check();
    await main.getByRole('button', { name: '登録する' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    const [user] = await server().database.db.select().from(users).where(eq(users.email, email));
    const chosen = await server()
      .database.db.select({ code: districts.code })
      .from(volunteerDistricts)
      .innerJoin(districts, eq(districts.id, volunteerDistricts.districtId))
      .where(eq(volunteerDistricts.volunteerId, user!.id));
    expect(chosen.map((row) => row.code)).toEqual(['kagura']);
  });

  test('reads in English, and the public page links to it', async () => {
    const { page } = await openPage(browser(), { baseURL: server().url, locale: 'en-GB' });
    await page.goto('/public');
    await page.locator('main').getByRole('link', { name: 'See where help is needed now' }).click();
    await page.waitForURL(/\/needs$/);
    const main = page.locator('main');
    await expectText(main.locator('[data-district="kagura"]')).toContain(
      'In Kagura, 4 requests for snow clearing still need a helper',
    );
    await expectText(main.getByRole('link', { name: 'Help in Kagura (sign up)' })).toBe(
      'Help in Kagura (sign up)',
    );
    expect(await main.textContent()).not.toContain('神楽');
    await expectText(main.locator('[data-district=""][data-category="visit"]')).toContain(
      'In other districts, 1 request for visits and company still needs a helper',
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectNothingPersonal(await page.content());
    await expectNoAxeViolations(page, '/needs (English)');

    // The button leads to sign-up, which names the chosen district in English too.
    await main.getByRole('link', { name: 'Help in Kagura (sign up)' }).click();
    await page.waitForURL(/\/signup\?/);
    const signup = page.locator('main');
    expect(await signup.locator('#volunteerDistrict').inputValue()).toBe('kagura');
    expect((await signup.locator('#volunteerDistrict option:checked').textContent())?.trim()).toBe(
      'Kagura',
    );
    await expectText(signup).toContain('You are signing up to volunteer in Kagura.');
    expect(await signup.textContent()).not.toContain('神楽');
    await expectNoAxeViolations(page, '/signup for Kagura (English)');
  });
});
