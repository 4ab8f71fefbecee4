/**
 * When plans change, in Chromium with JavaScript off: a volunteer declines an offer with a
 * reason and takes it back at once, hands an accepted task back, and a coordinator records that
 * a volunteer did not come and sends the request to the inbox. axe-core checks each page.
 */
import { describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, helpRequests, matches } from '@sasaeai/db/schema';
import { makeVolunteer } from '../../services/api/test/help-loop-fixtures.ts';
import { expectNoAxeViolationsWithoutJs, expectText, openPage, useBrowser } from './browser.ts';
import { offeredTask } from './offered-task.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

/** A snow request in 中央 `startsInHours` from now, offered (and accepted, if asked) to the volunteer. */
function task(volunteerId: string, options: { accept: boolean; startsInHours: number }) {
  return offeredTask(server(), { volunteerId, ...options });
}

async function logIn(email: string) {
  const cookie = await sessionCookieFor(server(), email, TEST_PASSWORD);
  return openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    cookies: [cookie],
  });
}

async function matchStatus(matchId: string) {
  const [row] = await server()
    .database.db.select({ status: matches.status })
    .from(matches)
    .where(eq(matches.id, matchId));
  return row?.status;
}

describe('when plans change', () => {
  test('a volunteer declines with a reason, takes it back, then hands an accepted task back', async () => {
    const volunteer = await makeVolunteer(server().database);
    const offer = await task(volunteer.id, { accept: false, startsInHours: 30 });
    const accepted = await task(volunteer.id, { accept: true, startsInHours: 60 });
    const { page } = await logIn(volunteer.email);
    const main = page.locator('main');

    await page.goto('/volunteer');
    const offerItem = page.locator(`#offer-${offer.matchId}`);
    await offerItem.locator('summary').click();
    await offerItem.getByLabel('ことわる 理由').selectOption('too_far');
    await offerItem.getByRole('button', { name: 'ことわる', exact: true }).click();
    await expectText(main).toContain('ことわりました。');
    expect(await matchStatus(offer.matchId)).toBe('declined');
    const [declined] = await server()
      .database.db.select({ details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, offer.matchId), eq(auditEvents.action, 'match.declined')),
      );
    expect(declined!.details).toMatchObject({ reason: 'too_far', from: 'offered' });
    await expectNoAxeViolationsWithoutJs(page, 'volunteer after declining');

    await main.getByRole('button', { name: '取り消す' }).click();
    await expectText(main).toContain('取り消しました。');
    const again = await server()
      .database.db.select({ id: matches.id, status: matches.status })
      .from(matches)
      .where(and(eq(matches.requestId, offer.requestId), eq(matches.status, 'offered')));
    expect(again).toHaveLength(1);
    await page.locator(`#offer-${again[0]!.id}`).waitFor();

    const taskItem = page.locator(`#task-${accepted.matchId}`);
    await taskItem.locator('summary', { hasText: '行けなく なりました' }).click();
    await taskItem.getByLabel('理由').selectOption('unwell');
    await taskItem.getByRole('button', { name: 'この お手伝いを おかえし する' }).click();
    await expectText(main).toContain('おかえし しました。');
    await taskItem.waitFor({ state: 'detached' });
    expect(await matchStatus(accepted.matchId)).toBe('declined');
    await expectNoAxeViolationsWithoutJs(page, 'volunteer after handing back');
  });

  test('a coordinator records a no-show and sends the request to the inbox', async () => {
    const volunteer = await makeVolunteer(server().database);
    const late = await task(volunteer.id, { accept: true, startsInHours: 30 });
    // The task's time has begun (an hour ago) and the volunteer has not come.
    await server()
      .database.db.update(helpRequests)
      .set({ windowStart: new Date(Date.now() - 3_600_000) })
      .where(eq(helpRequests.id, late.requestId));
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const { page } = await logIn(coordinator.email);
    const main = page.locator('main');

    await page.goto(`/coordinator/requests/${late.requestId}`);
    await main.locator('summary', { hasText: '来なかった ことを 記録する' }).click();
    await main.getByLabel('受付箱に 回して', { exact: false }).check();
    await expectNoAxeViolationsWithoutJs(page, 'coordinator request with a no-show form');
    await main.getByRole('button', { name: '来なかったと 記録する' }).click();
    await expectText(main).toContain('受付箱に 回しました。');
    expect(await matchStatus(late.matchId)).toBe('no_show');
    const [request] = await server()
      .database.db.select({ status: helpRequests.status, reason: helpRequests.unmatchedReason })
      .from(helpRequests)
      .where(eq(helpRequests.id, late.requestId));
    expect(request).toEqual({ status: 'unmatched', reason: 'no_show' });
    // Recorded once: the form is gone with the accepted match.
    await expect
      .poll(() => main.locator('summary', { hasText: '来なかった ことを 記録する' }).count())
      .toBe(0);
  });
});
