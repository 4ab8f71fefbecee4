/**
 * The centre sets how long the details of closed requests are kept (APPI retention), on the
 * district settings page in Chromium with JavaScript off: a bad value is a field error that
 * changes nothing, a good one is saved, used by the retention job and audited.
 */
import { describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, districts, districtSettings } from '@sasaeai/db/schema';
import { expectNoAxeViolationsWithoutJs, openPage, useBrowser } from './browser.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

describe('retention period and the audit viewer', () => {
  test('a coordinator sets it for their district, with validation and an audit row', async () => {
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'kamui' }],
    });
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD)],
    });
    const db = server().database.db;
    const [district] = await db.select().from(districts).where(eq(districts.code, 'kamui'));
    const stored = async () =>
      (
        await db
          .select({ months: districtSettings.retentionMonths })
          .from(districtSettings)
          .where(eq(districtSettings.districtId, district!.id))
      )[0]?.months;

    const before = await stored();
    await page.goto('/coordinator/settings?district=kamui');
    const field = page.getByLabel('終わった 依頼の 住所などを 残す 年数');
    expect(await field.inputValue()).toBe('3');

    await field.fill('0');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.locator('.error-summary a[href="#retentionYears"]').waitFor();
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/settings with a retention error');
    expect(await stored()).toBe(before);

    await page.getByLabel('終わった 依頼の 住所などを 残す 年数').fill('５');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('設定を 保存しました。').waitFor();
    expect(await stored()).toBe(60);
    await page.goto('/coordinator/settings?district=kamui');
    expect(await page.getByLabel('終わった 依頼の 住所などを 残す 年数').inputValue()).toBe('5');

    const audit = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'district.settings_changed'),
          eq(auditEvents.actorId, coordinator.id),
        ),
      );
    expect(audit.map((row) => row.details)).toContainEqual(
      expect.objectContaining({ retentionYears: 5 }),
    );
  });

  test('a coordinator lets snow offers go from 5:00, audited (JavaScript off)', async () => {
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'kagura' }],
    });
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD)],
    });
    const db = server().database.db;
    const [district] = await db.select().from(districts).where(eq(districts.code, 'kagura'));
    const stored = async () =>
      (
        await db
          .select({ early: districtSettings.snowOffersFromFive })
          .from(districtSettings)
          .where(eq(districtSettings.districtId, district!.id))
      )[0]?.early;

    await page.goto('/coordinator/settings?district=kagura');
    const main = page.locator('main');
    const box = main.getByLabel('雪かきの 依頼は 朝 5時から 送って よい');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await main.getByRole('button', { name: '保存する' }).click();
    await main.getByText('設定を 保存しました。').waitFor();
    expect(await stored()).toBe(true);
    await page.goto('/coordinator/settings?district=kagura');
    expect(await main.getByLabel('雪かきの 依頼は 朝 5時から 送って よい').isChecked()).toBe(true);
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/settings with snow from 5:00');

    await main.getByLabel('雪かきの 依頼は 朝 5時から 送って よい').uncheck();
    await main.getByRole('button', { name: '保存する' }).click();
    await main.getByText('設定を 保存しました。').waitFor();
    expect(await stored()).toBe(false);
    const audit = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'district.settings_changed'),
          eq(auditEvents.actorId, coordinator.id),
        ),
      );
    const details = audit.map((row) => row.details);
    expect(details).toHaveLength(2);
    expect(details).toContainEqual(expect.objectContaining({ snowOffersFromFive: true }));
    expect(details).toContainEqual(expect.objectContaining({ snowOffersFromFive: false }));
  });

  test('an admin reaches the audit viewer from the home page and sees the city', async () => {
    const admin = await seedUser(server(), { roles: [{ role: 'admin' }] });
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [await sessionCookieFor(server(), admin.email, TEST_PASSWORD)],
    });
    await page.goto('/');
    await page.locator('#section-admin').getByRole('link', { name: '閲覧の 記録' }).click();
    await page.waitForURL((url) => url.pathname === '/coordinator/audit');
    // The settings change above is an event of a district the admin does not coordinate.
    await page.getByRole('cell', { name: 'district.settings_changed' }).first().waitFor();
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/audit as an admin');
  });
});
