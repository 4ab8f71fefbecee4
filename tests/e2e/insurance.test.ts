/**
 * Issue 12 item 4 in Chromium with JavaScript off, checked by axe-core: the coordinator sees a
 * volunteer blocked from matching for want of insurance, records their enrolment, and they leave
 * the blocked list; the volunteer's profile shows the centre's record read-only.
 */
import { describe, test } from 'vitest';
import { uninsuredVolunteer } from '../../services/api/test/insurance-fixtures.ts';
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

describe('volunteer insurance (JavaScript off)', () => {
  test(
    'the coordinator records an enrolment for a blocked volunteer, who leaves the blocked list',
    async () => {
      const blocked = await uninsuredVolunteer(server().database, 'chuo', 'expired');
      const other = await uninsuredVolunteer(server().database, 'chuo', 'none');
      const coordinator = await seedUser(server(), {
        roles: [{ role: 'coordinator', district: 'chuo' }],
      });
      const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [cookie],
      });

      await page.goto('/coordinator/volunteers');
      await page.getByRole('link', { name: /ボランティア保険の 加入記録と/ }).click();
      await expectText(page.locator('h1')).toContain('ボランティア保険');
      const list = page.getByTestId('blocked-list');
      await expectCount(list.locator('li')).toBe(2);
      await expectText(list.locator(`[data-volunteer-id="${blocked.id}"]`)).toContain(
        '期限が 切れました',
      );
      await expectText(list.locator(`[data-volunteer-id="${other.id}"]`)).toContain(
        '今年度の 加入が ありません',
      );
      await expectNoAxeViolationsWithoutJs(page, 'insurance roster');

      // Nobody ticked: a field error, nothing recorded.
      await page.getByRole('button', { name: 'チェックした 方の 加入を 記録する' }).click();
      await expectCount(page.locator('.error-summary li')).toBe(1);
      await expectCount(list.locator('li')).toBe(2);
      await expectNoAxeViolationsWithoutJs(page, 'insurance roster with an error');

      await list.locator(`[data-volunteer-id="${blocked.id}"] input`).check();
      await page.getByRole('button', { name: 'チェックした 方の 加入を 記録する' }).click();
      await expectText(page.locator('.notice--success')).toContain('1人の 加入を 記録しました');
      await expectCount(list.locator('li')).toBe(1);
      await expectCount(list.locator(`[data-volunteer-id="${blocked.id}"]`)).toBe(0);
      await expectText(
        page.getByTestId('insurance-roster').locator(`tr[data-volunteer-id="${blocked.id}"]`),
      ).toContain('基本プラン');
      await expectNoAxeViolationsWithoutJs(page, 'insurance roster after recording');

      // Correct the plan, then remove the record: the volunteer is blocked again.
      const row = page
        .getByTestId('insurance-roster')
        .locator(`tr[data-volunteer-id="${blocked.id}"]`);
      await row.locator('summary').click();
      await row.getByLabel('プラン').selectOption({ index: 1 });
      await row.getByRole('button', { name: '直す', exact: true }).click();
      await expectText(page.locator('.notice--success')).toContain('直しました');
      await expectText(
        page.getByTestId('insurance-roster').locator(`tr[data-volunteer-id="${blocked.id}"]`),
      ).toContain('天災プラン');
      await page
        .getByTestId('insurance-roster')
        .locator(`tr[data-volunteer-id="${blocked.id}"] summary`)
        .click();
      await expectNoAxeViolationsWithoutJs(page, 'insurance roster with a correction form open');
      await page
        .getByTestId('insurance-roster')
        .locator(`tr[data-volunteer-id="${blocked.id}"]`)
        .getByRole('button', { name: '取り消す' })
        .click();
      await expectText(page.locator('.notice--success')).toContain('取り消しました');
      await expectCount(list.locator(`[data-volunteer-id="${blocked.id}"]`)).toBe(1);
      await list.locator(`[data-volunteer-id="${blocked.id}"] input`).check();
      await page.getByRole('button', { name: 'チェックした 方の 加入を 記録する' }).click();
      await expectCount(list.locator(`[data-volunteer-id="${blocked.id}"]`)).toBe(0);

      // The volunteer sees the centre's record, read-only, with no date field to change.
      const volunteerCookie = await sessionCookieFor(server(), blocked.email, TEST_PASSWORD);
      const volunteer = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [volunteerCookie],
      });
      await volunteer.page.goto('/volunteer/profile');
      await expectText(volunteer.page.getByTestId('insurance-record')).toContain('3月31日');
      await expectCount(volunteer.page.locator('input[name="insuranceExpiresOn"]')).toBe(0);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
