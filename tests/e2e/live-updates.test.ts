/**
 * Live updates for people who cannot see the page change: with JavaScript on, a status change
 * pushed over /ws is announced in a polite live region; when the live connection drops and
 * stays down, the page says so (an alert) and offers a full reload. axe-core checks both.
 */
import { describe, expect, test } from 'vitest';
import { makeVolunteer } from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectNoAxeViolations,
  expectText,
  openPage,
  STEP_TIMEOUT_MS,
  useBrowser,
  waitForEnhanced,
} from './browser.ts';
import { offeredTask } from './offered-task.ts';
import { apiRequest, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

/** A resident's request in 中央 offered to a volunteer (approved by a coordinator). */
async function offeredRequest() {
  const volunteer = await makeVolunteer(server().database);
  const task = await offeredTask(server(), { volunteerId: volunteer.id, startsInHours: 48 });
  return { ...task, volunteer };
}

describe('live updates, announced', () => {
  test('a status change pushed over /ws is read out in the polite live region', async () => {
    const { resident, volunteer, requestId, matchId } = await offeredRequest();
    const cookie = await sessionCookieFor(server(), resident.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
    await page.goto(`/requests/${requestId}`);
    await waitForEnhanced(page);
    await page.locator('.live[data-live="on"]').waitFor();
    const region = page.locator('#live-announcement');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.textContent()).toBe('');

    // The volunteer accepts elsewhere; the resident's page hears it over /ws.
    const volunteerCookie = await sessionCookieFor(server(), volunteer.email, TEST_PASSWORD);
    const accepted = await apiRequest(server(), `/api/matches/${matchId}/accept`, {
      method: 'POST',
      body: '{}',
      headers: { cookie: `${volunteerCookie.name}=${volunteerCookie.value}` },
    });
    expect(accepted.status).toBe(200);
    await expectText(region).toContain('新しい 情報： 手伝う人が 決まりました');
    await expectText(page.locator('#current-status')).toContain('手伝う人が 決まりました');
    await expectNoAxeViolations(page, 'request page after a live update');
  });

  test('a connection that stays down is said out loud, with a full reload offered', async () => {
    const { resident, requestId } = await offeredRequest();
    const cookie = await sessionCookieFor(server(), resident.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
    // Every /ws connection is closed by the server at once, as when the network is gone.
    await page.routeWebSocket(/\/ws$/, (ws) => {
      void ws.close({ code: 1011, reason: 'gone' });
    });
    await page.goto(`/requests/${requestId}`);
    await waitForEnhanced(page);
    const alert = page.locator('main .live__lost[role="alert"]');
    await alert.waitFor({ timeout: STEP_TIMEOUT_MS });
    await expectText(alert).toContain('通信が 切れて います');
    await expectNoAxeViolations(page, 'request page with the connection lost');

    // The offered reload is a full page load of this very page (which connects afresh).
    const reload = alert.getByRole('link', { name: '画面を 読み込み直す' });
    expect(await reload.getAttribute('href')).toBe(`/requests/${requestId}`);
    expect(await reload.getAttribute('data-sveltekit-reload')).not.toBeNull();
  });
});
