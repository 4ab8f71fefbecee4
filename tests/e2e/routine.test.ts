/**
 * Weekly routines (issue 10, item 4) in Chromium with JavaScript off: a resident registers a
 * weekly rubbish run on 「わたしの 毎週の お手伝い」, sees its next dates and skips one. axe-core
 * checks the page.
 */
import { describe, test } from 'vitest';
import { makeResident } from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectCount,
  expectNoAxeViolationsWithoutJs,
  expectText,
  JOURNEY_TIMEOUT_MS,
  openPage,
  useBrowser,
} from './browser.ts';
import { sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

describe('weekly routine page (JavaScript off)', () => {
  test(
    'a resident registers a weekly rubbish run and sees its next dates',
    async () => {
      const resident = await makeResident(server().database);
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [await sessionCookieFor(server(), resident.email, TEST_PASSWORD)],
      });
      await page.goto('/routine');
      await expectText(page.locator('h1')).toContain('わたしの 毎週の お手伝い');
      await expectNoAxeViolationsWithoutJs(page);

      for (const day of ['月', '火', '水', '木', '金', '土', '日']) {
        await page.getByLabel(day, { exact: true }).check();
      }
      await page.getByLabel('ゴミ収集の 地区（カレンダーの 名前）').fill('中央 月・木');
      await page.getByRole('button', { name: '登録する' }).click();
      await expectText(page.locator('[role=status]')).toContain('登録しました');
      // Every day of the next two weeks is listed.
      await expectCount(page.locator('.routine-days li')).toBe(14);
      await expectNoAxeViolationsWithoutJs(page, 'routine page with a routine');

      await page.locator('.routine-days li').nth(1).getByRole('button').click();
      await expectText(page.locator('.routine-days li').nth(1)).toContain('お休み');
    },
    JOURNEY_TIMEOUT_MS,
  );
});
