/**
 * Issue 10's centre pages in Chromium with JavaScript off, each checked by axe-core: the paid
 * winter service's fee classes and a household's fee and payments (福祉除雪), the JMA snowfall
 * CSV upload (all or nothing, the bad line named), the collection-holiday calendar (年末年始),
 * a household's weekly routine for its coordinator and a volunteer's weekly tasks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { makeResident } from '../../services/api/test/help-loop-fixtures.ts';
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

async function coordinatorPage() {
  const coordinator = await seedUser(server(), {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
  const opened = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    cookies: [cookie],
  });
  return { ...opened, cookie };
}

describe('winter centre pages (JavaScript off)', () => {
  test(
    'the centre adds a fee class, sets a household’s class, records a payment and exports the CSV',
    async () => {
      const resident = await makeResident(server().database);
      const { page } = await coordinatorPage();

      await page.goto('/coordinator/winter/fees');
      await expectText(page.locator('h1')).toContain('福祉除雪');
      await expectNoAxeViolationsWithoutJs(page);

      const add = page.locator('form[aria-labelledby="fee-new-title"]');
      await add.getByLabel('区分コード').fill('E2E');
      await add.getByLabel('区分の 名前（日本語）').fill('テスト 区分');
      await add.getByLabel('区分の 名前（英語）').fill('Test class');
      await add.getByLabel('年額（円）').fill('-5');
      await add.getByRole('button', { name: '追加する' }).click();
      await expectCount(page.locator('.error-summary li')).toBe(1);
      await expectNoAxeViolationsWithoutJs(page, 'fee classes with an error');

      await add.getByLabel('年額（円）').fill('９，０００');
      await add.getByRole('button', { name: '追加する' }).click();
      await expectText(page.locator('.notice--success')).toContain('E2E');
      await expectText(page.locator('main')).toContain('9,000円');

      await page.goto(`/coordinator/winter/${resident.id}/fees`);
      await expectText(page.locator('h1')).toContain('除雪 料金');
      await expectNoAxeViolationsWithoutJs(page, 'household fees');
      await page.getByLabel('料金区分').selectOption({ label: 'E2E: テスト 区分（9,000円）' });
      await page.getByRole('button', { name: '区分を 決める' }).click();
      await expectText(page.locator('.notice--success')).toContain('決めました');

      await page.getByLabel('金額（円）').fill('99999999');
      await page.getByRole('button', { name: '記録する' }).click();
      await expectCount(page.locator('.error-summary li')).toBe(1);
      await page.getByLabel('金額（円）').fill('4000');
      await page.getByRole('button', { name: '記録する' }).click();
      await expectText(page.locator('.notice--success')).toContain('記録しました');
      await expectCount(page.locator('#payments tbody tr')).toBe(1);
      await expectText(page.locator('main')).toContain('5,000円');
      await expectNoAxeViolationsWithoutJs(page, 'household fees with a payment');
      // Post/Redirect/Get: the address is the page's own, so a reload resends nothing.
      expect(new URL(page.url()).pathname).toBe(`/coordinator/winter/${resident.id}/fees`);
      await page.reload();
      await expectCount(page.locator('#payments tbody tr')).toBe(1);
      expect(await page.locator('.notice--success').count()).toBe(0);

      // A payment recorded by mistake is voided with a reason: kept, marked, no longer paid.
      await page.locator('#payments summary').click();
      await page.getByRole('button', { name: /^取り消す/ }).click();
      await expectText(page.locator('#payments')).toContain('入力してください');
      await expectNoAxeViolationsWithoutJs(page, 'void without a reason');
      await page.getByLabel('取り消す 理由').fill('金額の 入力まちがい');
      await page.getByRole('button', { name: /^取り消す/ }).click();
      await expectText(page.locator('.notice--success')).toContain('取り消しました');
      await expectText(page.locator('#payments')).toContain('取り消し済み');
      await expectText(page.locator('main')).toContain('9,000円');
      await expectNoAxeViolationsWithoutJs(page, 'household fees with a voided payment');

      await page.goto('/coordinator/winter/fees');
      const link = page.getByRole('link', { name: /中央.*CSV/ });
      const href = await link.getAttribute('href');
      const csv = await page.request.get(href!);
      expect(csv.status()).toBe(200);
      const body = await csv.body();
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(body.toString('utf8')).toContain('テスト 区分');
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'a coordinator pastes a JMA snowfall CSV: a bad line is named and nothing is imported',
    async () => {
      const { page } = await coordinatorPage();
      await page.goto('/coordinator/snow/import');
      await expectText(page.locator('h1')).toContain('気象庁');
      await expectNoAxeViolationsWithoutJs(page);

      // The sample as JMA serves it (Shift_JIS), read the way a browser shows it for pasting.
      const sampleBytes = readFileSync(
        new URL('../../services/api/test/fixtures/jma-asahikawa-snowfall.csv', import.meta.url),
      );
      const sample = new TextDecoder('shift_jis').decode(sampleBytes);
      await page.getByLabel('中央').check();
      await page
        .getByLabel('または CSV を 貼り付け')
        .fill(sample.replace('2026/11/30,15,', '2026/11/30,lots,'));
      await page.getByRole('button', { name: '取り込む' }).click();
      await expectText(page.locator('.error-summary')).toContain('9行目');
      await expectText(page.locator('.error-summary')).toContain('lots');
      await expectNoAxeViolationsWithoutJs(page, 'JMA import with a bad line');

      await page.getByLabel('中央').check();
      await page.getByLabel('または CSV を 貼り付け').fill(sample);
      await page.getByRole('button', { name: '取り込む' }).click();
      await expectText(page.locator('.notice--success')).toContain('6日分を 読み');

      // The file itself, as downloaded (Shift_JIS bytes), reads the same six days.
      await page.getByLabel('中央').check();
      await page.getByLabel('CSV ファイル').setInputFiles({
        name: 'data.csv',
        mimeType: 'text/csv',
        buffer: sampleBytes,
      });
      await page.getByRole('button', { name: '取り込む' }).click();
      await expectText(page.locator('.notice--success')).toContain('6日分を 読み');
      await expectNoAxeViolationsWithoutJs(page, 'JMA import done');
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'the centre edits the collection calendar and manages a household’s weekly routine',
    async () => {
      const { page } = await coordinatorPage();
      await page.goto('/coordinator/collection-calendar');
      await expectText(page.locator('h1')).toContain('年末年始');
      await expectNoAxeViolationsWithoutJs(page);
      await page.getByLabel('日付').fill('2099-12-30');
      await page.getByLabel('メモ').fill('テスト 休み');
      await page.getByRole('button', { name: '追加する' }).click();
      await expectText(page.locator('#collection-holidays')).toContain('2099-12-30');
      await expectNoAxeViolationsWithoutJs(page, 'calendar with a new day');
      await page.getByRole('button', { name: /外す.*2099-12-30/ }).click();
      await expectText(page.locator('.notice--success')).toContain('外しました');

      const resident = await makeResident(server().database);
      await page.goto(`/coordinator/winter/${resident.id}`);
      await page.getByRole('link', { name: '毎週の お手伝い（ゴミ出し など）' }).click();
      await expectText(page.locator('h1')).toContain('毎週の お手伝い');
      await expectNoAxeViolationsWithoutJs(page, 'coordinator routine page, empty');
      // No weekday chosen: a field error, nothing made.
      await page.getByRole('button', { name: '登録する' }).click();
      await expectCount(page.locator('.field-error')).toBe(1);
      await expectCount(page.locator('.routine-days li')).toBe(0);
      for (const day of ['月', '火', '水', '木', '金', '土', '日']) {
        await page.getByLabel(day, { exact: true }).check();
      }
      await page.getByRole('button', { name: '登録する' }).click();
      await expectText(page.locator('.notice--success')).toContain('登録しました');
      await expectCount(page.locator('.routine-days li')).toBe(14);
      await expectNoAxeViolationsWithoutJs(page, 'coordinator routine page');
      await page.locator('.routine-days li').nth(2).getByRole('button').click();
      await expectText(page.locator('.routine-days li').nth(2)).toContain('お休み');
      await page.getByRole('button', { name: '一時 停止' }).click();
      await expectText(page.locator('h2').first()).toContain('一時 停止中');
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'a volunteer sees their weekly tasks page',
    async () => {
      const volunteer = await seedUser(server(), {
        roles: [{ role: 'volunteer' }],
        volunteerDistricts: ['chuo'],
      });
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [await sessionCookieFor(server(), volunteer.email, TEST_PASSWORD)],
      });
      await page.goto('/volunteer');
      await page.getByRole('link', { name: 'わたしの 毎週の 担当' }).click();
      await expectText(page.locator('h1')).toContain('わたしの 毎週の 担当');
      await expectText(page.locator('main')).toContain('これからの 担当は ありません');
      await expectNoAxeViolationsWithoutJs(page, 'volunteer weekly tasks');
    },
    JOURNEY_TIMEOUT_MS,
  );
});
