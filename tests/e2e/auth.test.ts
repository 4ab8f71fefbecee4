/**
 * Signing up, logging in and out, the role-aware home, changing the password and switching
 * language, through the real pages in Chromium, with JavaScript on and off.
 * People are seeded in the database and sessions made through the API, except where the form
 * itself is what is tested.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { focusedElement, openPage, useBrowser, waitForEnhanced } from './browser.ts';
import {
  apiRequest,
  seedUser,
  sessionCookieFor,
  TEST_PASSWORD,
  uniqueEmail,
  useWebServer,
} from './server.ts';

// As behind a reverse proxy on this host: a test names the client with X-Forwarded-For. The
// per-account limit is raised so the per-client one shows on its own (the API tests cover it).
const server = useWebServer({ TRUST_PROXY: '127.0.0.1', LOGIN_ACCOUNT_RATE_LIMIT_MAX: '30' });
const browser = useBrowser();

async function open(options: {
  javaScriptEnabled: boolean;
  locale?: string;
  cookie?: { name: string; value: string };
  headers?: Record<string, string>;
}) {
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: options.javaScriptEnabled,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.cookie ? { cookies: [options.cookie] } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  return page;
}

async function goto(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  if (javaScriptEnabled) await waitForEnhanced(page);
}

async function heading(page: Page) {
  return (await page.locator('h1').first().textContent())?.trim();
}

async function logInThroughForm(page: Page, email: string, password: string) {
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログインする' }).click();
}

describe('sign-up and log-out', () => {
  test('signs up through the form (JavaScript on), sees the resident home, and logs out', async () => {
    const page = await open({ javaScriptEnabled: true });
    await goto(page, '/signup', true);

    await page.getByLabel('お名前').fill('旭川 花子');
    await page.getByLabel('メールアドレス').fill(uniqueEmail('signup'));
    await page.getByLabel('パスワード').fill('yukikaki-2026-fuyu');
    await page.getByLabel('手伝ってほしい').check();
    await page.getByLabel('「個人情報の あつかい」を 読み、同意します').check();
    await page.getByRole('button', { name: '登録する', exact: true }).click();

    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: '旭川 花子さん、こんにちは' }).waitFor();
    expect(await page.locator('#section-resident').isVisible()).toBe(true);
    expect(await page.locator('#section-volunteer').count()).toBe(0);
    // A resident who does not volunteer yet is invited to.
    expect(await page.locator('#become-volunteer h2').textContent()).toContain(
      'あなたにも できることが あります',
    );

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { name: '「ささえあい」へ ようこそ' }).waitFor();
    expect(await page.getByRole('link', { name: 'ログイン', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'ログアウト' }).count()).toBe(0);
    // The session is gone for the server too, not just hidden.
    await page.goto('/account/password');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  test('sign-up errors are summarised, focused and tied to their fields (JavaScript off)', async () => {
    const page = await open({ javaScriptEnabled: false });
    await page.goto('/signup');

    // Slips the page catches itself: too-short password, no role chosen.
    await page.getByLabel('お名前').fill('神楽 次郎');
    await page.getByLabel('メールアドレス').fill(uniqueEmail('short'));
    await page.getByLabel('パスワード').fill('short');
    await page.getByRole('button', { name: '登録する', exact: true }).click();

    await page.locator('.error-summary').waitFor();
    expect(await page.title()).toMatch(/^エラー：/);
    expect(await focusedElement(page)).toMatchObject({ className: 'error-summary' });
    const links = page.locator('.error-summary a');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '#password',
      '#role-resident',
      '#privacyConsent',
    ]);
    const password = page.locator('#password');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toContain('password-error');
    expect(await page.locator('#password-error').textContent()).toContain('10文字以上');
    expect(await page.locator('#roles-error').textContent()).toContain('一つ以上');
    expect(await page.locator('#privacyConsent-error').textContent()).toContain('同意');
    // What was typed stays, except the password.
    expect(await page.getByLabel('お名前').inputValue()).toBe('神楽 次郎');
    expect(await password.inputValue()).toBe('');

    // A slip only the API catches (the e-mail format) lands on the e-mail input.
    await page.getByLabel('メールアドレス').fill('not-an-email');
    await page.getByLabel('パスワード').fill('yukikaki-2026-fuyu');
    await page.getByLabel('手伝いたい').check();
    await page.getByLabel('「個人情報の あつかい」を 読み、同意します').check();
    await page.getByRole('button', { name: '登録する', exact: true }).click();
    await page.locator('.error-summary a[href="#email"]').waitFor();
    expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#email').getAttribute('aria-describedby')).toContain('email-error');
    expect(await page.getByLabel('手伝いたい').isChecked()).toBe(true);
  });

  test('signing up with a registered address does not say so: it leads to the log-in page (JavaScript off)', async () => {
    const user = await seedUser(server(), { roles: [{ role: 'resident' }] });
    const page = await open({ javaScriptEnabled: false });
    await page.goto('/signup');
    await page.getByLabel('お名前').fill('なりすまし');
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('パスワード').fill('someone-elses-guess');
    await page.getByLabel('手伝いたい').check();
    await page.getByLabel('「個人情報の あつかい」を 読み、同意します').check();
    await page.getByRole('button', { name: '登録する', exact: true }).click();

    await page.waitForURL((url) => url.pathname === '/login');
    expect(await page.getByRole('status').textContent()).toContain('登録を 受け付けました');
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'ログアウト' }).count()).toBe(0);
    expect(await page.content()).not.toContain('すでに登録されています');
    // The account is untouched: its own password still works.
    await logInThroughForm(page, user.email, user.password);
    await page.getByRole('button', { name: 'ログアウト' }).waitFor();
  });

  test('when the sign-up limit is reached the page says how long to wait (JavaScript off)', async () => {
    const client = { 'x-forwarded-for': '203.0.113.60' };
    for (let i = 0; i < 20; i++) {
      const response = await apiRequest(server(), '/api/auth/signup', {
        method: 'POST',
        headers: client,
        body: JSON.stringify({
          email: uniqueEmail('limit'),
          password: 'yukikaki-2026-fuyu',
          displayName: 'x',
          roles: ['resident'],
          privacyConsent: true,
        }),
      });
      expect(response.status).toBeLessThan(300);
    }
    const page = await open({ javaScriptEnabled: false, headers: client });
    await page.goto('/signup');
    await page.getByLabel('お名前').fill('東旭川 三郎');
    await page.getByLabel('メールアドレス').fill(uniqueEmail('limited'));
    await page.getByLabel('パスワード').fill('yukikaki-2026-fuyu');
    await page.getByLabel('手伝いたい').check();
    await page.getByLabel('「個人情報の あつかい」を 読み、同意します').check();
    await page.getByRole('button', { name: '登録する', exact: true }).click();

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/(59|60)分ほど 待ってから/);
    expect(await page.getByLabel('お名前').inputValue()).toBe('東旭川 三郎');
  });
});

describe('log-in', () => {
  test('logs in through the form with JavaScript disabled and sees the role-aware home', async () => {
    const user = await seedUser(server(), {
      roles: [{ role: 'volunteer' }, { role: 'coordinator', district: 'chuo' }],
    });
    const page = await open({ javaScriptEnabled: false });
    await page.goto('/login');
    await logInThroughForm(page, user.email, user.password);

    await page.locator('#section-coordinator').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await heading(page)).toContain('さん、こんにちは');
    expect(await page.locator('#section-volunteer').isVisible()).toBe(true);
    // The coordinator sees their district by name, not by code.
    expect(await page.locator('#section-coordinator .district-list li').allTextContents()).toEqual([
      '中央',
    ]);
    // Not a resident: no resident section; invited to ask for help instead.
    expect(await page.locator('#section-resident').count()).toBe(0);
    expect(await page.locator('#become-resident').count()).toBe(1);
    // A coordinator reaches their districts' activity figures from their card, not the dashboard.
    expect(await page.locator('#section-council').count()).toBe(0);
    expect(
      await page.locator('#section-coordinator a[href$="/council/activity"]').textContent(),
    ).toContain('活動の 集計');
  });

  test('a signed-out visitor finds the public summary from the footer (JavaScript off)', async () => {
    const page = await open({ javaScriptEnabled: false });
    await page.goto('/');
    await page.locator('.site-footer a[href$="/public"]').click();
    await page.waitForURL((url) => url.pathname === '/public');
    expect(await heading(page)).toContain('ささえあいの 活動の ようす');
  });

  test('logs in with JavaScript enabled and returns to the page that asked for it', async () => {
    const user = await seedUser(server(), {
      roles: [{ role: 'resident' }, { role: 'council' }, { role: 'admin' }],
    });
    const page = await open({ javaScriptEnabled: true });
    await goto(page, '/account/password', true);
    expect(new URL(page.url()).pathname).toBe('/login');
    await waitForEnhanced(page);

    await logInThroughForm(page, user.email, user.password);
    await page.waitForURL((url) => url.pathname === '/account/password');
    await page.getByRole('heading', { name: 'パスワードの変更' }).waitFor();

    await page.getByRole('link', { name: 'ホーム', exact: true }).click();
    await page.locator('#section-council').waitFor();
    // Council staff and admins reach the dashboard from their card.
    expect(await page.locator('#section-council .badge').count()).toBe(0);
    expect(await page.locator('#section-council a.button').getAttribute('href')).toMatch(
      /(^|\/)council$/,
    );
    expect(await page.locator('#section-admin .badge').textContent()).toBe('準備中');
    expect(await page.locator('#section-resident').isVisible()).toBe(true);
  });

  test.each([
    { js: false, label: 'JavaScript off' },
    { js: true, label: 'JavaScript on' },
  ])('a wrong password shows the error and keeps the e-mail ($label)', async ({ js }) => {
    const user = await seedUser(server(), { roles: [{ role: 'resident' }] });
    const page = await open({ javaScriptEnabled: js });
    await goto(page, '/login', js);
    await logInThroughForm(page, user.email, 'not the password');

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('メールアドレスか パスワードが ちがいます');
    expect(await page.getByLabel('メールアドレス').inputValue()).toBe(user.email);
    expect(await page.getByLabel('パスワード').inputValue()).toBe('');
    expect(await focusedElement(page)).toMatchObject({ className: 'error-summary' });
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('button', { name: 'ログアウト' }).count()).toBe(0);
  });

  test('after too many attempts the page says to wait', async () => {
    const user = await seedUser(server(), { roles: [{ role: 'resident' }] });
    // Use up the per-account allowance (10 by default) through the API, from the same address.
    for (let i = 0; i < 10; i++) {
      const response = await apiRequest(server(), '/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ email: user.email, password: `wrong ${i}` }),
      });
      if (response.status === 429) break;
      expect(response.status).toBe(401);
    }
    const page = await open({ javaScriptEnabled: false });
    await page.goto('/login');
    await logInThroughForm(page, user.email, user.password);

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('しばらく ログインできません');
    expect(await summary.textContent()).toContain('15分ほど 待ってから');
    expect(await page.getByLabel('メールアドレス').inputValue()).toBe(user.email);
  });

  test('the form is limited per real client, not per the server it runs in (JavaScript off)', async () => {
    const user = await seedUser(server(), { roles: [{ role: 'resident' }] });
    const postForm = (password: string, client: string) =>
      fetch(new URL('/login', server().url), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin: server().url,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': client,
        },
        body: new URLSearchParams({ email: user.email, password, redirectTo: '/' }),
      });
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await postForm(`wrong ${i}`, '203.0.113.41')).status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);

    // The guesser is told to wait; someone else, at another address, logs in.
    const guesser = await open({
      javaScriptEnabled: false,
      headers: { 'x-forwarded-for': '203.0.113.41' },
    });
    await guesser.goto('/login');
    await logInThroughForm(guesser, user.email, user.password);
    await guesser.locator('.error-summary').waitFor();
    expect(await guesser.locator('.error-summary').textContent()).toContain('ログインできません');

    const owner = await open({
      javaScriptEnabled: false,
      headers: { 'x-forwarded-for': '203.0.113.42' },
    });
    await owner.goto('/login');
    await logInThroughForm(owner, user.email, user.password);
    await owner.getByRole('button', { name: 'ログアウト' }).waitFor();
  });
});

describe('signed in', () => {
  test('a resident also registers as a helper from the home page (JavaScript off)', async () => {
    const user = await seedUser(server(), { roles: [{ role: 'resident' }] });
    const cookie = await sessionCookieFor(server(), user.email, user.password);
    const page = await open({ javaScriptEnabled: false, cookie });
    await page.goto('/');

    await page.getByRole('button', { name: '手伝う人としても 登録する' }).click();
    await page.locator('#section-volunteer').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('登録しました');
    expect(await page.locator('#become-volunteer').count()).toBe(0);

    const me = await apiRequest(server(), '/api/me', {
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    const body = (await me.json()) as { user: { roles: { role: string }[] } };
    expect(body.user.roles.map((r) => r.role).sort()).toEqual(['resident', 'volunteer']);
  });

  test('changes the password (JavaScript on); a wrong current password is shown on its field', async () => {
    const user = await seedUser(server(), { roles: [{ role: 'volunteer' }] });
    const cookie = await sessionCookieFor(server(), user.email, user.password);
    const elsewhere = await sessionCookieFor(server(), user.email, user.password);
    const page = await open({ javaScriptEnabled: true, cookie });
    await goto(page, '/account/password', true);

    await page.locator('#currentPassword').fill('not my password');
    await page.locator('#newPassword').fill('a-new-longer-password');
    await page.getByRole('button', { name: '変更する' }).click();
    await page.locator('#currentPassword-error').waitFor();
    expect(await page.locator('#currentPassword').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedElement(page)).toMatchObject({ className: 'error-summary' });

    await page.locator('#currentPassword').fill(TEST_PASSWORD);
    await page.locator('#newPassword').fill('a-new-longer-password');
    await page.getByRole('button', { name: '変更する' }).click();
    await page.getByText('パスワードを 変更しました').waitFor();
    // Still signed in here; the new password works and the old one no longer does.
    expect(await page.getByRole('button', { name: 'ログアウト' }).count()).toBe(1);
    await expect(
      sessionCookieFor(server(), user.email, 'a-new-longer-password'),
    ).resolves.toBeTruthy();
    const old = await apiRequest(server(), '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(old.status).toBe(401);

    // The other session was signed out: that browser now sees the signed-out home.
    const other = await open({ javaScriptEnabled: false, cookie: elsewhere });
    await other.goto('/');
    expect(await heading(other)).toBe('「ささえあい」へ ようこそ');
  });
});

describe('language', () => {
  test('switches to English and back without JavaScript, staying on the same page', async () => {
    const page = await open({ javaScriptEnabled: false });
    await page.goto('/login');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await heading(page)).toBe('ログイン');

    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await heading(page)).toBe('Log in');
    expect(await page.getByLabel('Email address').count()).toBe(1);

    // The choice sticks across pages.
    await page.goto('/');
    expect(await heading(page)).toBe('Welcome to Sasaeai');

    await page.getByRole('button', { name: '日本語' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    expect(await heading(page)).toBe('「ささえあい」へ ようこそ');
  });

  test('follows the browser language when no choice was made', async () => {
    const page = await open({ javaScriptEnabled: true, locale: 'en-GB' });
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await heading(page)).toBe('Welcome to Sasaeai');
  });

  test('shows the log-in error in the chosen language', async () => {
    const page = await open({ javaScriptEnabled: false, locale: 'en-US' });
    await page.goto('/login');
    await page.getByLabel('Email address').fill(uniqueEmail('en'));
    await page.getByLabel('Password').fill('whatever-it-is');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain(
      'The email address or password is not correct',
    );
  });
});
