/**
 * A resident corrects their own address and phone on the account page, with JavaScript off: an
 * address outside the city gets a field error in the summary, a move to 永山 is saved (the
 * district follows) and the page says so. axe-core checks both states.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { residentProfiles } from '@sasaeai/db/schema';
import {
  districtIdOf,
  makeResident,
  NAGAYAMA_ADDRESS,
} from '../../services/api/test/help-loop-fixtures.ts';
import { expectNoAxeViolationsWithoutJs, expectText, openPage, useBrowser } from './browser.ts';
import { sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

describe('my address and phone', () => {
  test('a resident moves house and changes their number, with JavaScript off', async () => {
    const resident = await makeResident(server().database);
    const cookie = await sessionCookieFor(server(), resident.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [cookie],
    });
    const main = page.locator('main');
    await page.goto('/account');
    const address = main.locator('#address');
    expect(await address.inputValue()).toBe('旭川市5条通9丁目3-12');

    await address.fill('札幌市中央区北1条西2丁目');
    await main.getByRole('button', { name: '住所と 電話番号を 保存する' }).click();
    await page.locator('.error-summary').waitFor();
    await expectText(page.locator('#address-error')).toContain('この住所の地区が分かりません');
    expect(await page.title()).toMatch(/^エラー：/);
    await expectNoAxeViolationsWithoutJs(page, '/account with a contact error');

    await main.locator('#address').fill(NAGAYAMA_ADDRESS);
    await main.locator('#phone').fill('0166-22-3344');
    await main.getByRole('button', { name: '住所と 電話番号を 保存する' }).click();
    await expectText(main).toContain('住所と 電話番号を 保存しました。');
    expect(page.url()).toContain('saved=contact');
    const [profile] = await server()
      .database.db.select()
      .from(residentProfiles)
      .where(eq(residentProfiles.userId, resident.id));
    expect(profile).toMatchObject({
      address: NAGAYAMA_ADDRESS,
      phone: '0166-22-3344',
      districtId: await districtIdOf(server().database, 'nagayama'),
    });
    await expectNoAxeViolationsWithoutJs(page, '/account after saving the contact');
  });
});
