/**
 * Season pairings (issue 10) through the real pages in Chromium with JavaScript off: a
 * coordinator records a first meeting and pairs a helper with a household, then pauses it; the
 * household sees who is paired on 「わたしの 冬」; the helper sees the household (without its
 * address) on 「この 冬の 担当の お宅」 and ends the pairing. axe-core checks each page.
 */
import { describe, test } from 'vitest';
import { jstToday } from '@sasaeai/core';
import { makeResident, makeVolunteer } from '../../services/api/test/help-loop-fixtures.ts';
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

async function signedIn(email: string) {
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    cookies: [await sessionCookieFor(server(), email, TEST_PASSWORD)],
  });
  return page;
}

describe('season pairing pages (JavaScript off)', () => {
  test(
    'a coordinator pairs a helper with a household; the household and the helper see it',
    async () => {
      const database = server().database;
      const resident = await makeResident(database);
      await makeRegistration(database, resident.id);
      const helper = await makeVolunteer(database);
      const coordinator = await seedUser(server(), {
        roles: [{ role: 'coordinator', district: 'chuo' }],
      });

      const page = await signedIn(coordinator.email);
      await page.goto(`/coordinator/winter/${resident.id}`);
      const main = page.locator('main');
      await expectText(main.locator('#pairings-title')).toContain('いつもの 担い手');
      await expectText(main).toContain('まだ 組み合わせは ありません。');
      await expectNoAxeViolationsWithoutJs(page);

      // No meeting day: the error summary names it.
      await main.getByLabel('担い手（この 地区で 活動中の 人）').selectOption(helper.id);
      await main.getByRole('button', { name: '記録する' }).click();
      await expectCount(main.locator('.error-summary li')).toBe(1);
      await expectNoAxeViolationsWithoutJs(page, 'pairing form with an error');

      await main.getByLabel('担い手（この 地区で 活動中の 人）').selectOption(helper.id);
      await main.getByLabel('顔合わせの 日').fill(jstToday(new Date()));
      await main.getByRole('button', { name: '記録する' }).click();
      await expectText(main.locator('.notice--success')).toContain('組み合わせを 記録しました。');
      const pairings = main.locator('#season-pairings');
      await expectText(pairings).toContain('いつもの 担い手');
      await expectText(pairings).toContain('組んでいる');
      await expectNoAxeViolationsWithoutJs(page, 'winter page with a pairing');

      await pairings.getByRole('button', { name: 'お休みする' }).click();
      await expectText(main.locator('#season-pairings')).toContain('お休み中');
      await main.locator('#season-pairings').getByRole('button', { name: 'また 組む' }).click();
      await expectText(main.locator('#season-pairings')).toContain('組んでいる');

      const household = await signedIn(resident.email);
      await household.goto('/winter');
      await expectText(household.locator('main #season-pairings')).toContain('いつもの 担い手');
      await expectNoAxeViolationsWithoutJs(household, 'my winter with a pairing');

      const helperPage = await signedIn(helper.email);
      await helperPage.goto('/volunteer/winter');
      const mine = helperPage.locator('main #my-households');
      await expectText(mine).toContain('いつもの 担い手');
      await expectText(mine).toContain('間口 6 メートル');
      await expectText(helperPage.locator('main')).not.toContain('旭川市');
      await expectNoAxeViolationsWithoutJs(helperPage, 'my households this winter');

      await mine.getByLabel('理由（なくても よい）').selectOption('schedule');
      await mine.getByRole('button', { name: '組み合わせを 終わる' }).click();
      await expectText(helperPage.locator('main .notice--success')).toContain('終わった');
      await expectText(helperPage.locator('main')).toContain(
        'この 冬に 組んでいる お宅は ありません。',
      );
    },
    JOURNEY_TIMEOUT_MS,
  );
});
