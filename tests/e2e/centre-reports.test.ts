/**
 * The centre's report (issue 12 item 5) in Chromium with JavaScript off, checked by axe-core:
 * the month's figures, a refused month beside its field, the fiscal year, the A4 print view and
 * the CSV downloads it links to (UTF-8 with BOM, formula cells neutralised).
 */
import { describe, expect, test } from 'vitest';
import {
  expectedFigures,
  FORMULA_NAME,
  seedCentre,
} from '../../services/api/test/centre-reports-fixtures.ts';
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

describe('centre report (JavaScript off)', () => {
  test(
    'a coordinator reads the month and the year, prints it and downloads the CSVs',
    async () => {
      const { seeded } = await seedCentre(server().database);
      const coordinator = await seedUser(server(), {
        roles: [{ role: 'coordinator', district: 'chuo' }],
      });
      const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [cookie],
      });
      const chuo = seeded.filter((r) => r.district === 'chuo');
      const november = expectedFigures(
        chuo.filter((r) => r.month === '2026-11'),
        { residents: 1, volunteers: 1 },
      );

      // From the desk's link, then the monthly form.
      await page.goto('/coordinator/requests');
      await page.getByRole('link', { name: '活動報告を 見る（月報・年報）' }).click();
      await expectText(page.locator('h1')).toContain('活動報告');
      await page.getByLabel('月', { exact: true }).fill('2026-11');
      await page.getByRole('button', { name: '表示する' }).first().click();
      await expectText(page.locator('#report-heading')).toContain('2026年11月');
      await expectText(page.locator('[data-figure="requests"] td')).toBe(String(november.requests));
      await expectText(page.locator('[data-figure="personHours"] td')).toBe(
        String(november.personHours),
      );
      await expectNoAxeViolationsWithoutJs(page, 'monthly report');

      // On A4 paper: the tables, not the forms or the download links.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.report-forms').isVisible()).toBe(false);
      expect(await page.locator('.export-links').isVisible()).toBe(false);
      expect(await page.locator('#report-summary').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      // The CSV of this report's rows, and the register with the formula name neutralised.
      const activity = page.locator('a[data-export="activity"]');
      expect(await activity.getAttribute('href')).toContain('month=2026-11');
      const csv = await page.request.get((await activity.getAttribute('href'))!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      const body = await csv.body();
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(body.toString('utf8')).toContain(
        `合計 / total,2026-11,,,${String(november.requests)},`,
      );
      const residents = await page.request.get(
        (await page.locator('a[data-export="residents"]').getAttribute('href'))!,
      );
      expect(residents.status()).toBe(200);
      expect(await residents.text()).toContain(`"'${FORMULA_NAME.replaceAll('"', '""')}"`);

      // A month that does not exist: said beside the field, no figures.
      await page.goto('/coordinator/reports?month=2026-13');
      await expectText(page.locator('.notice--error')).toContain('確かめて');
      await expectText(page.locator('#report-month-error')).toContain('2026-12');
      expect(await page.locator('#report-summary').count()).toBe(0);
      await expectNoAxeViolationsWithoutJs(page, 'report with a bad month');

      // The fiscal year.
      await page.getByRole('spinbutton', { name: /年度/ }).fill('2026');
      await page.getByRole('button', { name: '表示する' }).last().click();
      await expectText(page.locator('#report-heading')).toContain('2026年度');
      await expectText(page.locator('[data-figure="requests"] td')).toBe(String(chuo.length));
      await expectNoAxeViolationsWithoutJs(page, 'annual report');
    },
    JOURNEY_TIMEOUT_MS,
  );

  test('in English, a coordinator of two districts gets a table by district', async () => {
    const coordinator = await seedUser(server(), {
      roles: [
        { role: 'coordinator', district: 'chuo' },
        { role: 'coordinator', district: 'kagura' },
      ],
    });
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      locale: 'en-GB',
      cookies: [cookie],
    });
    await page.goto('/coordinator/reports?fy=2026');
    await expectText(page.locator('h1')).toBe('Centre activity report');
    await expectText(page.locator('#report-heading')).toContain('all my districts');
    await expectCount(page.locator('#report-district tbody tr')).toBe(2);
    await expectNoAxeViolationsWithoutJs(page, 'annual report in English');
    const volunteers = await page.request.get(
      (await page.locator('a[data-export="volunteers"]').getAttribute('href'))!,
    );
    expect(volunteers.status()).toBe(200);
    expect((await volunteers.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
