/**
 * Personal data (APPI) in Chromium with JavaScript off: signing up needs consent to the privacy
 * notice, the person sees and downloads their data, asks for deletion, and a coordinator of
 * their district carries it out.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { districts, residentProfiles, users } from '@sasaeai/db/schema';
import { expectNoAxeViolationsWithoutJs, openPage, useBrowser } from './browser.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, uniqueEmail, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

async function open(cookie?: { name: string; value: string }) {
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    ...(cookie ? { cookies: [cookie] } : {}),
  });
  return page;
}

describe('personal data', () => {
  test('consent at sign-up, download, and a deletion carried out by the coordinator', async () => {
    const email = uniqueEmail('appi');
    const page = await open();
    await page.goto('/signup');
    await page.getByRole('link', { name: '個人情報の あつかいを 読む' }).waitFor();
    await page.getByLabel('お名前').fill('旭川 花子');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill('yukikaki-2026-fuyu');
    await page.getByLabel('手伝ってほしい').check();
    // Without the consent tick nothing is created.
    await page.getByRole('button', { name: '登録する', exact: true }).click();
    await page.locator('.error-summary a[href="#privacyConsent"]').waitFor();
    await page.getByLabel('パスワード').fill('yukikaki-2026-fuyu');
    await page.getByLabel('「個人情報の あつかい」を 読み、同意します').check();
    await page.getByRole('button', { name: '登録する', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // The resident's district is on their record (as after their first request).
    const db = server().database.db;
    const [chuo] = await db.select().from(districts).where(eq(districts.code, 'chuo'));
    const [user] = await db.select().from(users).where(eq(users.email, email));
    await db
      .update(residentProfiles)
      .set({ districtId: chuo!.id, address: '旭川市5条通9丁目3-12' })
      .where(eq(residentProfiles.userId, user!.id));

    await page.getByRole('link', { name: 'アカウント', exact: true }).click();
    await page.getByRole('heading', { name: 'あなたの 情報' }).waitFor();
    await expectNoAxeViolationsWithoutJs(page, '/account');
    const download = await page.request.get('/account/data.json');
    expect(download.headers()['content-disposition']).toContain('attachment');
    const mine = (await download.json()) as {
      account: { email: string; privacyNoticeVersion: string };
    };
    expect(mine.account.email).toBe(email);
    expect(mine.account.privacyNoticeVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    await page.getByRole('link', { name: '自分の 情報を 見る' }).click();
    await page.getByText('旭川市5条通9丁目3-12').waitFor();
    await expectNoAxeViolationsWithoutJs(page, '/account/data');

    await page.goto('/account');
    await page.getByRole('button', { name: '削除を 申し込む' }).click();
    await page.locator('#deletion-status').waitFor();
    expect(await page.locator('#deletion-status').textContent()).toContain('受け付けました');

    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const staff = await open(await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD));
    // The access log of the district shows the request, filtered to this person.
    await staff.goto(`/coordinator/audit?resident=${user!.id}`);
    await staff.getByRole('cell', { name: 'account.deletion_requested' }).waitFor();
    await expectNoAxeViolationsWithoutJs(staff, '/coordinator/audit');
    await staff.goto('/coordinator/deletions');
    await expectNoAxeViolationsWithoutJs(staff, '/coordinator/deletions');
    await staff.getByRole('button', { name: '旭川 花子さんの 情報を 削除する' }).click();
    await staff.getByText('削除しました。').waitFor();
    expect(await staff.getByRole('button', { name: /旭川 花子/ }).count()).toBe(0);

    // The person's session is gone: their account page asks them to log in.
    await page.goto('/account');
    await page.waitForURL((url) => url.pathname === '/login');
    const [erased] = await db.select().from(users).where(eq(users.id, user!.id));
    expect(erased).toMatchObject({ displayName: '削除済み', email: null });
  });
});
