/**
 * Reaching residents without a device, in Chromium with JavaScript off: the coordinator's call
 * list shows a plain-Japanese script (why to call, what to say) with the overdue call first,
 * and the printable notice (who is coming, when, the centre's phone) lays out on A4 in big
 * text with the page's own instructions left off the paper. axe-core checks each page.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { acceptOffer, approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { helpRequests, notifications, users, volunteerCentres } from '@sasaeai/db/schema';
import {
  CHUO_ADDRESS,
  districtIdOf,
  jstDate,
  makeResident,
  makeVolunteer,
} from '../../services/api/test/help-loop-fixtures.ts';
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

async function acceptedRequest(coordinatorId: string) {
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
  const start = new Date(`${jstDate(2)}T08:00:00+09:00`);
  const [request] = await database.db
    .insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId: chuo,
      category: 'snow',
      address: CHUO_ADDRESS,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 3 * 3_600_000),
    })
    .returning({ id: helpRequests.id });
  const volunteer = await makeVolunteer(database);
  await database.db
    .update(users)
    .set({ displayName: '山田 太郎' })
    .where(eq(users.id, volunteer.id));
  const { matchId } = await proposeMatch(database.db, {
    requestId: request!.id,
    volunteerId: volunteer.id,
    score: 1,
    breakdown: { total: 1, terms: [] },
  });
  await approveMatch(database.db, matchId!, coordinatorId);
  await acceptOffer(database.db, matchId!, volunteer.id);
  // The resident has no e-mail: the worker put "a helper is coming" on the call list, and a
  // second call went past its deadline (the worker escalated it).
  const call = (eventType: 'match.accepted' | 'match.declined') =>
    database.db
      .insert(notifications)
      .values({
        userId: resident.id,
        eventKey: `${eventType}:${crypto.randomUUID()}`,
        eventType,
        channel: 'phone_call',
        template: `${eventType}/v1`,
        language: 'ja',
        status: 'sent',
        districtId: chuo,
        requestId: request!.id,
        matchId: matchId!,
      })
      .returning({ id: notifications.id });
  await call('match.accepted');
  const [late] = await call('match.declined');
  await database.db.insert(notifications).values({
    userId: coordinatorId,
    eventKey: `call.overdue:${late!.id}`,
    eventType: 'call.overdue',
    channel: 'email',
    template: 'call.overdue/v1',
    language: 'ja',
    status: 'sent',
    districtId: chuo,
  });
  return request!.id;
}

describe('phone and paper', () => {
  test('the call script, the overdue call first, and the printable notice, with JavaScript off', async () => {
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const requestId = await acceptedRequest(coordinator.id);
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [cookie],
    });

    await page.goto('/coordinator/inbox');
    const calls = page.locator('section[aria-labelledby="calls-title"] li.item');
    await expectCount(calls).toBe(2);
    await expectText(calls.first()).toContain('期限を 過ぎています');
    await expectText(calls.first()).toContain('もう一度 さがして います');
    const script = calls.nth(1).locator('.call-script');
    await expectText(script).toContain('利用者の 方に、手伝う 人が 決まったと 伝える 電話です。');
    await expectText(script).toContain('山田さんが');
    await expectText(script).toContain('雪かきに 行きます。');
    expect(await page.content()).not.toContain(CHUO_ADDRESS);
    await expectNoAxeViolationsWithoutJs(page, 'inbox with calls');

    await page.goto(`/coordinator/requests/${requestId}`);
    await page.getByRole('link', { name: '利用者に 渡す お知らせを 印刷する' }).click();
    await expect.poll(() => page.url()).toContain(`/coordinator/requests/${requestId}/notice`);
    const paper = page.locator('article.paper');
    await expectText(paper).toContain('旭川 花子 様');
    await expectText(paper).toContain('山田さん');
    await expectText(paper).toContain('電話 0166-00-1001');
    const content = await page.content();
    expect(content).not.toContain(CHUO_ADDRESS);
    expect(content).not.toContain('0166-01-2345');
    await expectNoAxeViolationsWithoutJs(page, 'printable notice');

    // On paper: A4, the instructions and the site's menus left off, the words big.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.no-print').first().isVisible()).toBe(false);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    const titleSize = await page
      .locator('.paper__title')
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(titleSize).toBeGreaterThanOrEqual(32); // 24pt and up
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    // A4 is 595 × 842 points.
    expect(Math.abs(Number(box?.[1]) - 595)).toBeLessThan(2);
    expect(Math.abs(Number(box?.[2]) - 842)).toBeLessThan(2);

    // The household's month, reached from the same request.
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`/coordinator/requests/${requestId}/activity?month=${jstDate(2).slice(0, 7)}`);
    await expectCount(page.locator('.paper__table tbody tr')).toBe(1);
    await expectText(page.locator('.paper__table')).toContain('山田さん');
    await expectNoAxeViolationsWithoutJs(page, 'activity sheet');
  });

  test('a coordinator of another district cannot open the notice', async () => {
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const requestId = await acceptedRequest(coordinator.id);
    const other = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'kagura' }],
    });
    const cookie = await sessionCookieFor(server(), other.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [cookie],
    });
    const response = await page.goto(`/coordinator/requests/${requestId}/notice`);
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain('旭川 花子');
  });
});
