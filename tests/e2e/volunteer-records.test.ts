/**
 * A volunteer's activity record and certificate (issue 12), in Chromium with JavaScript off:
 * the history by fiscal year with its pages, the A4 certificate with its PDF, the same reached
 * by a coordinator from the volunteers page, and not by another district's. axe-core checks
 * each page state.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { users, volunteerCentres } from '@sasaeai/db/schema';
import {
  CHUO_ADDRESS,
  districtIdOf,
  makeResident,
  makeVolunteer,
} from '../../services/api/test/help-loop-fixtures.ts';
import { completedTask } from '../../services/api/test/volunteer-records-fixtures.ts';
import {
  expectCount,
  expectNoAxeViolationsWithoutJs,
  expectText,
  openPage,
  useBrowser,
} from './browser.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

/** A volunteer with 22 tasks of 90 minutes in FY2025 (令和7年度). */
async function volunteerWithTasks(name: string) {
  const database = server().database;
  const chuo = await districtIdOf(database, 'chuo');
  await database.db.insert(volunteerCentres).values({
    districtId: chuo,
    name: '中央地区ボランティアセンター',
    nameEn: 'Chuo District Volunteer Centre',
    status: 'open',
    phone: '0166-00-1001',
  });
  const resident = await makeResident(database);
  const volunteer = await makeVolunteer(database);
  await database.db.update(users).set({ displayName: name }).where(eq(users.id, volunteer.id));
  for (let day = 1; day <= 22; day += 1) {
    await completedTask(database, {
      residentId: resident.id,
      volunteerId: volunteer.id,
      districtId: chuo,
      start: `2025-06-${String(day).padStart(2, '0')}T09:00:00`,
      windowMinutes: 120,
      minutes: 90,
    });
  }
  return volunteer;
}

async function open(email: string) {
  const cookie = await sessionCookieFor(server(), email, TEST_PASSWORD);
  return openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    cookies: [cookie],
  });
}

async function expectCertificate(
  page: Awaited<ReturnType<typeof open>>['page'],
  name: string,
  where: string,
) {
  const paper = page.locator('article.certificate');
  await expectText(paper).toContain('活動証明書');
  await expectText(paper).toContain(`${name} 様`);
  await expectText(paper).toContain('22 回');
  await expectText(paper).toContain('33 時間');
  await expectText(paper).toContain('中央地区ボランティアセンター');
  await expectText(paper).toContain('電話 0166-00-1001');
  expect(await page.content()).not.toContain(CHUO_ADDRESS);
  await expectNoAxeViolationsWithoutJs(page, where);
  const href = await page
    .getByRole('link', { name: 'PDFで ダウンロードする' })
    .getAttribute('href');
  const pdf = await page.context().request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
}

describe('activity record and certificate', () => {
  test('a volunteer reads their record by year and page, and prints the certificate', async () => {
    const volunteer = await volunteerWithTasks('山田 太郎');
    const { page } = await open(volunteer.email);

    await page.goto('/volunteer');
    await page.getByRole('link', { name: 'わたしの 活動の 記録・活動証明書' }).click();
    await expect.poll(() => page.url()).toContain('/volunteer/history');
    await expectNoAxeViolationsWithoutJs(page, 'history, a year without tasks');

    await page.getByRole('link', { name: '令和7年度（2025年度）' }).click();
    await expectCount(page.locator('#history-tasks tbody tr')).toBe(20);
    await expectText(page.locator('#history-tasks')).toContain('2025-06-22');
    await expectText(page.locator('#history-tasks tbody tr').first()).toContain('中央');
    expect(await page.content()).not.toContain(CHUO_ADDRESS);
    await expectNoAxeViolationsWithoutJs(page, 'history, first page');
    await page.getByRole('link', { name: '次の ページ' }).click();
    await expectCount(page.locator('#history-tasks tbody tr')).toBe(2);
    await expectNoAxeViolationsWithoutJs(page, 'history, second page');

    await page.getByRole('link', { name: '令和7年度（2025年度）の 活動証明書を 出す' }).click();
    await expect.poll(() => page.url()).toContain('/volunteer/certificate?fy=2025');
    await expectCertificate(page, '山田 太郎', 'certificate');

    // On paper: A4, the links left off.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.no-print').first().isVisible()).toBe(false);
    const printed = await page.pdf({ preferCSSPageSize: true });
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(printed.toString('latin1'));
    expect(Math.abs(Number(box?.[1]) - 595)).toBeLessThan(2);
    expect(Math.abs(Number(box?.[2]) - 842)).toBeLessThan(2);
  });

  test('a coordinator of the district reaches both from the volunteers page; another gets 404', async () => {
    const volunteer = await volunteerWithTasks('佐藤 花子');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const { page } = await open(coordinator.email);
    await page.goto('/coordinator/volunteers?district=chuo');
    await page.getByRole('link', { name: /活動の 記録\s*：佐藤 花子/ }).click();
    await expect
      .poll(() => page.url())
      .toContain(`/coordinator/volunteers/${volunteer.id}/history`);
    await page.getByRole('link', { name: '令和7年度（2025年度）' }).click();
    await expectCount(page.locator('#history-tasks tbody tr')).toBe(20);
    await expectNoAxeViolationsWithoutJs(page, 'coordinator history');
    await page.getByRole('link', { name: '令和7年度（2025年度）の 活動証明書を 出す' }).click();
    await expectCertificate(page, '佐藤 花子', 'coordinator certificate');

    const other = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'kagura' }],
    });
    const { page: otherPage } = await open(other.email);
    const response = await otherPage.goto(`/coordinator/volunteers/${volunteer.id}/history`);
    expect(response?.status()).toBe(404);
    expect(await otherPage.content()).not.toContain('佐藤');
  });
});
