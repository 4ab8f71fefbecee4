/**
 * axe-core (WCAG 2.0/2.1 A and AA) finds no violation on the pages people meet first, signed
 * out and in, in Japanese and English, and on forms showing their errors.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openPage, runAxe, useBrowser, waitForEnhanced } from './browser.ts';
import { seedUser, sessionCookieFor, uniqueEmail, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

async function open(options: { locale?: string; cookie?: { name: string; value: string } } = {}) {
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: true,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.cookie ? { cookies: [options.cookie] } : {}),
  });
  return page;
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await waitForEnhanced(page);
}

describe('signed out', () => {
  test.each([
    { path: '/', locale: 'ja-JP' },
    { path: '/login', locale: 'ja-JP' },
    { path: '/signup', locale: 'ja-JP' },
    { path: '/', locale: 'en-GB' },
    { path: '/signup', locale: 'en-GB' },
    { path: '/privacy', locale: 'ja-JP' },
  ])('$path ($locale) has no axe violation', async ({ path, locale }) => {
    const page = await open({ locale });
    await visit(page, path);
    await expectNoAxeViolations(page, `${path} (${locale})`);
  });

  test('the log-in page showing an error has no axe violation', async () => {
    const page = await open();
    await visit(page, '/login');
    await page.getByLabel('メールアドレス').fill(uniqueEmail('nobody'));
    await page.getByLabel('パスワード').fill('not a password at all');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.locator('.error-summary').waitFor();
    await expectNoAxeViolations(page, '/login with an error');
  });

  test('the sign-up page showing field errors has no axe violation', async () => {
    const page = await open();
    await visit(page, '/signup');
    await page.getByRole('button', { name: '登録する', exact: true }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.field__error').count()).toBe(5);
    await expectNoAxeViolations(page, '/signup with errors');
  });
});

describe('signed in', () => {
  test('the home of a resident (with the invitation to help) has no axe violation', async () => {
    const user = await seedUser(server(), { roles: [{ role: 'resident' }] });
    const page = await open({
      cookie: await sessionCookieFor(server(), user.email, user.password),
    });
    await visit(page, '/');
    await page.locator('#become-volunteer').waitFor();
    await expectNoAxeViolations(page, 'home (resident)');
  });

  test('the home of someone holding every role has no axe violation', async () => {
    const user = await seedUser(server(), {
      roles: [
        { role: 'resident' },
        { role: 'volunteer' },
        { role: 'coordinator', district: 'kagura' },
        { role: 'coordinator', district: 'chuo' },
        { role: 'council' },
        { role: 'admin' },
      ],
    });
    const page = await open({
      cookie: await sessionCookieFor(server(), user.email, user.password),
    });
    await visit(page, '/');
    await page.locator('#section-admin').waitFor();
    await expectNoAxeViolations(page, 'home (all roles)');
  });

  test('/account/password, empty and with errors, has no axe violation', async () => {
    const user = await seedUser(server(), { roles: [{ role: 'volunteer' }] });
    const page = await open({
      cookie: await sessionCookieFor(server(), user.email, user.password),
    });
    await visit(page, '/account/password');
    await expectNoAxeViolations(page, '/account/password');

    await page.getByRole('button', { name: '変更する' }).click();
    await page.locator('.error-summary').waitFor();
    await expectNoAxeViolations(page, '/account/password with errors');
  });
});

describe('the axe helper itself', () => {
  test('reports violations on a page that has them', async () => {
    const page = await open();
    await page.setContent('<html><body><img src="data:,"><input type="text"></body></html>');
    const ids = (await runAxe(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'label']));
  });
});
