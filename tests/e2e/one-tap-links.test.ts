/**
 * Links from messages, opened in Chromium by someone who is not logged in: an offer's one-tap
 * link (JavaScript off) shows the task without the address, accepts, then (after a redirect,
 * and on reload for a short while) shows the address and phone; later the link says it was used, a mangled one that it does not work; the decline
 * link with JavaScript on. And a forgotten password: asked for from the log-in page, set from
 * the mail's link, the old sessions signed out. axe-core checks every page.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { and, eq } from 'drizzle-orm';
import type { ScoreBreakdown } from '@sasaeai/contracts';
import { issueOfferActionLinks, issuePasswordResetLink } from '@sasaeai/db/action-links';
import { approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { actionTokens, auditEvents, outbox } from '@sasaeai/db/schema';
import {
  CHUO_ADDRESS,
  jstDate,
  makeResident,
  makeVolunteer,
  snowRequest,
} from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  expectText,
  openPage,
  useBrowser,
  waitForEnhanced,
} from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

const breakdown: ScoreBreakdown = {
  total: 1,
  terms: [{ term: 'distance', points: 1, detail: '同じ地区' }],
};

async function open(javaScriptEnabled: boolean): Promise<Page> {
  const { page } = await openPage(browser(), { baseURL: server().url, javaScriptEnabled });
  return page;
}

/** A resident's request offered to a new volunteer, and the two links of the offer message. */
async function offer(day: number) {
  const db = server().database.db;
  const resident = await makeResident(server().database);
  const volunteer = await makeVolunteer(server().database, 'chuo');
  const cookie = await sessionCookieFor(server(), resident.email, TEST_PASSWORD);
  const asked = await apiRequest(server(), '/api/help-requests', {
    method: 'POST',
    headers: { cookie: `${cookie.name}=${cookie.value}` },
    body: JSON.stringify(
      snowRequest({ when: { kind: 'window', date: jstDate(day), from: '08:00', to: '11:00' } }),
    ),
  });
  expect(asked.status).toBe(201);
  const requestId = ((await asked.json()) as { request: { id: string } }).request.id;
  const { matchId } = await proposeMatch(db, {
    requestId,
    volunteerId: volunteer.id,
    score: 1,
    breakdown,
  });
  await approveMatch(db, matchId!, volunteer.id);
  return issueOfferActionLinks(db, {
    matchId: matchId!,
    expiresAt: new Date(Date.now() + 12 * 3_600_000),
  });
}

async function checkA11y(page: Page, where: string, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await expectNoAxeViolations(page, where);
  else await expectNoAxeViolationsWithoutJs(page, where);
}

describe('an offer’s one-tap link', () => {
  test('with JavaScript off: see the task, accept, see the address; the link is then used', async () => {
    const { acceptPath } = await offer(1);
    const page = await open(false);
    const first = await page.goto(acceptPath);
    expect(first?.headers()['referrer-policy']).toBe('same-origin');
    await expectText(page.locator('h1')).toBe('お手伝いの お願い');
    await expectText(page.locator('dl.summary')).toContain('玄関前の雪をお願いします');
    expect(await page.content()).not.toContain(CHUO_ADDRESS);
    await checkA11y(page, '/a/[token]', false);

    // Post/Redirect/Get: the answer's POST is followed by a GET of the link's own page.
    const [answered] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: '引き受ける' }).click(),
    ]);
    expect(answered?.request().method()).toBe('GET');
    expect(answered?.request().redirectedFrom()?.method()).toBe('POST');
    const contact = page.locator('dl.contact');
    for (const shown of ['after the redirect', 'after a reload']) {
      await expectText(page.locator('h1')).toBe('引き受けました');
      await expectText(contact).toContain('旭川 花子');
      await expectText(contact).toContain(CHUO_ADDRESS);
      await expectText(contact).toContain('0166-01-2345');
      if (shown === 'after the redirect') {
        await checkA11y(page, '/a/[token] accepted', false);
        const reloaded = await page.reload();
        expect(reloaded?.request().method()).toBe('GET');
      }
    }
    // Each showing of the contact is audited; the reload answered nothing again.
    const db = server().database.db;
    const [token] = await db
      .select()
      .from(actionTokens)
      .where(eq(actionTokens.id, acceptPath.split('/').pop()!.split('.')[0]!));
    const reveals = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'resident.contact_revealed'));
    expect(reveals.filter((event) => event.actorId === token!.userId)).toHaveLength(3);
    const accepted = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'match.accepted'), eq(auditEvents.actorId, token!.userId)));
    expect(accepted).toHaveLength(1);

    // A while later the link only says it was used.
    await db
      .update(actionTokens)
      .set({ usedAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(actionTokens.matchId, token!.matchId!));
    await page.goto(acceptPath);
    await expectText(page.locator('h1')).toBe('このリンクは もう 使われました');
    expect(await page.content()).not.toContain(CHUO_ADDRESS);
    await checkA11y(page, '/a/[token] used', false);

    await page.goto(`${acceptPath.slice(0, -2)}zz`);
    await expectText(page.locator('h1')).toBe('このリンクは 使えません');
    await page.goto('/a/not-a-token');
    await expectText(page.locator('h1')).toBe('このリンクは 使えません');
    await checkA11y(page, '/a/[token] invalid', false);
  });

  test('with JavaScript on: decline, in English when the browser asks for it', async () => {
    const { declinePath } = await offer(2);
    const { page } = await openPage(browser(), { baseURL: server().url, locale: 'en-GB' });
    await page.goto(declinePath);
    await waitForEnhanced(page);
    await expectText(page.locator('h1')).toBe('A request for help');
    await checkA11y(page, '/a/[token] (en)', true);
    await page.getByRole('button', { name: 'Decline' }).click();
    await page.locator('h1', { hasText: 'Declined' }).waitFor();
    expect(await page.content()).not.toContain(CHUO_ADDRESS);
    await checkA11y(page, '/a/[token] declined (en)', true);
  });
});

describe('a forgotten password', () => {
  test('asked for from the log-in page and set from the link, with JavaScript off', async () => {
    const user = await seedUser(server());
    const oldSession = await sessionCookieFor(server(), user.email, TEST_PASSWORD);
    const page = await open(false);

    await page.goto('/login');
    await page.getByRole('link', { name: 'パスワードを 忘れたとき' }).click();
    await page.waitForURL((url) => url.pathname === '/password-reset');
    await checkA11y(page, '/password-reset', false);
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByRole('button', { name: 'メールを 送る' }).click();
    await page.getByText('登録が あれば、メールを 送りました。').waitFor();
    await checkA11y(page, '/password-reset sent', false);
    const asked = await server()
      .database.db.select()
      .from(outbox)
      .where(eq(outbox.topic, 'notification.requested'));
    expect(asked.map((row) => row.payload)).toContainEqual({
      userId: user.id,
      kind: 'password_reset',
    });

    // What the notification renderer does when it sends the mail.
    const { path } = await issuePasswordResetLink(server().database.db, { userId: user.id });
    await page.goto(path);
    await expectText(page.locator('h1')).toBe('新しい パスワードを 決める');
    await checkA11y(page, '/password-reset/[token]', false);
    await page.getByLabel('新しい パスワード').fill('short');
    await page.getByRole('button', { name: 'この パスワードに する' }).click();
    await page.locator('.error-summary').waitFor();
    await checkA11y(page, '/password-reset/[token] with an error', false);
    await page.getByLabel('新しい パスワード').fill('a snowy new passphrase');
    // Post/Redirect/Get: to the log-in page, which says it once; a reload resends nothing.
    const [done] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'この パスワードに する' }).click(),
    ]);
    expect(done?.request().method()).toBe('GET');
    expect(done?.request().redirectedFrom()?.method()).toBe('POST');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByText('パスワードを 変えました。').waitFor();
    await checkA11y(page, '/login after a password reset', false);
    const reloaded = await page.reload();
    expect(reloaded?.request().method()).toBe('GET');
    expect(await page.getByText('パスワードを 変えました。').count()).toBe(0);

    const me = await apiRequest(server(), '/api/me', {
      headers: { cookie: `${oldSession.name}=${oldSession.value}` },
    });
    expect(me.status).toBe(401);
    await sessionCookieFor(server(), user.email, 'a snowy new passphrase');

    await page.goto(path);
    await expectText(page.locator('h1')).toBe('このリンクは もう 使われました');
    await page.getByRole('link', { name: 'もう一度 メールを 送る' }).waitFor();
    await checkA11y(page, '/password-reset/[token] used', false);
  });
});
