/**
 * The API's security headers (helmet) also reach the pages served on the same origin, and
 * must not break them: the pages keep SvelteKit's own Content-Security-Policy and hydrate.
 */
import { describe, expect, test } from 'vitest';
import { openPage, useBrowser, waitForEnhanced } from './browser.ts';
import { useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

describe('security headers on pages', () => {
  test('a page carries nosniff and SvelteKit’s CSP, not the API’s', async () => {
    const response = await fetch(new URL('/login', server().url));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("default-src 'none'");
  });

  test('pages still hydrate with JavaScript, with no CSP violation', async () => {
    const { page } = await openPage(browser(), { baseURL: server().url });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        violations.push(message.text());
    });
    await page.goto('/login');
    await waitForEnhanced(page);
    expect(violations).toEqual([]);
  });

  test('a form posted without JavaScript still passes SvelteKit’s origin check', async () => {
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
    });
    await page.goto('/login');
    await page.getByLabel('メールアドレス').fill('nobody@example.test');
    await page.getByLabel('パスワード').fill('not the password');
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'ログインする' }).click(),
    ]);
    // A refused origin would be a 403 "Cross-site POST form submissions are forbidden".
    expect(answer.status()).toBe(401);
  });
});
