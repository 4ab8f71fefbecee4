/**
 * Snow season (issue 10) through the real pages in Chromium with JavaScript off: a coordinator
 * declares a snowfall for one of their districts and sees how many jobs it made and the board;
 * declaring it again makes none; a resident registers for the winter on 「わたしの 冬」 and pauses
 * it. axe-core checks each page.
 */
import { describe, expect, test } from 'vitest';
import { makeResident, NAGAYAMA_ADDRESS } from '../../services/api/test/help-loop-fixtures.ts';
import { makeRegistration } from '../../services/api/test/snow-fixtures.ts';
import {
  expectCount,
  expectNoAxeViolationsWithoutJs,
  expectText,
  JOURNEY_TIMEOUT_MS,
  openPage,
  useBrowser,
} from './browser.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

describe('snow season pages (JavaScript off)', () => {
  test(
    'a coordinator declares a snowfall and sees the jobs made, once',
    async () => {
      const database = server().database;
      for (const thresholdCm of [5, 10, 30]) {
        const resident = await makeResident(database);
        await makeRegistration(database, resident.id, { thresholdCm });
      }
      const elsewhere = await makeResident(database, NAGAYAMA_ADDRESS, 'nagayama');
      await makeRegistration(database, elsewhere.id, { thresholdCm: 5 });
      const coordinator = await seedUser(server(), {
        roles: [
          { role: 'coordinator', district: 'chuo' },
          { role: 'coordinator', district: 'nagayama' },
        ],
      });
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD)],
      });

      await page.goto('/coordinator/snow');
      await expectText(page.locator('h1')).toContain('雪の 日を 知らせる');
      await expectNoAxeViolationsWithoutJs(page);

      // Nothing chosen: the error summary names the districts and the depth.
      await page.getByRole('button', { name: '知らせる' }).click();
      await expectCount(page.locator('.error-summary li')).toBe(2);
      await expectNoAxeViolationsWithoutJs(page, 'snow page with errors');

      await page.getByLabel('中央').check();
      await page.getByLabel('降った 雪の 量（cm）').fill('12');
      await page.getByRole('button', { name: '知らせる' }).click();
      await expectText(page.locator('#snow-result')).toContain('依頼を 2件 作りました');
      const row = page.locator('#snow-board tbody tr');
      await expectCount(row).toBe(1);
      await expectText(row).toContain('中央');
      await expectText(row.locator('td').nth(1)).toContain('2');
      await expectNoAxeViolationsWithoutJs(page, 'snow page with its result');

      // The same snowfall again: nothing twice.
      await page.getByLabel('中央').check();
      await page.getByLabel('降った 雪の 量（cm）').fill('12');
      await page.getByRole('button', { name: '知らせる' }).click();
      await expectText(page.locator('#snow-result')).toContain('依頼を 0件 作りました');
      await expectText(page.locator('#snow-result')).toContain('すでに あった 依頼は 2件');
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'a resident registers for the winter and pauses it',
    async () => {
      const resident = await makeResident(server().database);
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [await sessionCookieFor(server(), resident.email, TEST_PASSWORD)],
      });
      await page.goto('/winter');
      await expectText(page.locator('h1')).toContain('わたしの 冬');
      await expectNoAxeViolationsWithoutJs(page);

      await page.getByLabel(/間口/).fill('5000');
      await page.getByRole('button', { name: '登録する' }).click();
      await expectCount(page.locator('.error-summary li')).toBe(1);
      await expectNoAxeViolationsWithoutJs(page, 'winter page with an error');

      await page.getByLabel(/間口/).fill('8');
      await page.getByLabel('玄関までの 通り道も 雪かきしてほしい').check();
      await page.getByRole('button', { name: '登録する' }).click();
      await expectText(page.locator('#winter-status')).toContain('受付中');
      await expectNoAxeViolationsWithoutJs(page, 'winter page with a registration');

      await page.getByRole('button', { name: 'お休みする' }).click();
      await expectText(page.locator('#winter-status')).toContain('お休み中');
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'a coordinator registers a resident of their district for the winter, on their behalf',
    async () => {
      const database = server().database;
      const own = await makeResident(database);
      const other = await makeResident(database, NAGAYAMA_ADDRESS, 'nagayama');
      const coordinator = await seedUser(server(), {
        roles: [{ role: 'coordinator', district: 'chuo' }],
      });
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD)],
      });
      await page.goto('/coordinator/winter');
      await expectNoAxeViolationsWithoutJs(page);
      await expectCount(page.locator(`a[href$="/coordinator/winter/${other.id}"]`)).toBe(0);
      await page.locator(`a[href$="/coordinator/winter/${own.id}"]`).click();
      await expectText(page.locator('h1')).toContain('さんの 冬の 除雪');
      await expectNoAxeViolationsWithoutJs(page, 'winter registration on behalf');
      await page.getByLabel(/間口/).fill('12.5');
      await page.getByRole('button', { name: '登録する' }).click();
      await expectText(page.locator('#winter-status')).toContain('受付中');

      // Another district's resident is not found from here.
      const response = await page.goto(`/coordinator/winter/${other.id}`);
      expect(response?.status()).toBe(404);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
