/**
 * The help loop through the real pages in Chromium: a resident asks for snow clearing through
 * the form, the coordinator approves the proposal, the volunteer accepts (and only then sees the
 * address), completes with a note, and the resident sees 「終わりました」 and says thank you.
 * Also: the form with JavaScript disabled (and a double submission making one request), the
 * coordinator's queue receiving a proposal live, and the other pages of each role.
 *
 * There is no matching worker in the test server: the test makes the proposal the way the worker
 * does (`proposeMatch`) and publishes its live notices through the API's hub.
 * axe-core checks every page visited.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { and, eq } from 'drizzle-orm';
import type { HelpRequestView, ScoreBreakdown } from '@sasaeai/contracts';
import { assignBatch } from '@sasaeai/core';
import { termReason } from '../../web/src/lib/score-words.ts';
import { markUnmatchedMany } from '@sasaeai/db/help-loop';
import { helpRequests, matches, notifications } from '@sasaeai/db/schema';
import { defaultMatchingSettings, runDistrictMatching } from '@sasaeai/worker';
import {
  CHUO_ADDRESS,
  NAGAYAMA_ADDRESS,
  districtIdOf,
  makeResident,
  makeVolunteer,
} from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectCount,
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

type Person = { id: string; email: string; password: string };
type Cookie = { name: string; value: string };

/** Tomorrow in Japan, `YYYY-MM-DD`. */
function tomorrowInJapan(): string {
  return new Date(Date.now() + (9 + 24) * 3_600_000).toISOString().slice(0, 10);
}

async function cookieOf(person: Person): Promise<Cookie> {
  return sessionCookieFor(server(), person.email, TEST_PASSWORD);
}

async function open(cookie: Cookie, javaScriptEnabled = true): Promise<Page> {
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled,
    cookies: [cookie],
  });
  return page;
}

/** axe-core on the page as it is, with or without JavaScript. */
async function checkA11y(page: Page, where: string, javaScriptEnabled = true) {
  if (javaScriptEnabled) await expectNoAxeViolations(page, where);
  else await expectNoAxeViolationsWithoutJs(page, where);
}

/** Goes to a page, waits for hydration (JS on), and checks it with axe-core. */
async function visit(page: Page, path: string, javaScriptEnabled = true) {
  await page.goto(path);
  if (javaScriptEnabled) await waitForEnhanced(page);
  await checkA11y(page, path, javaScriptEnabled);
}

/**
 * The worker's own district run proposes the volunteer: the real engine scores them and writes
 * the breakdown, and the run publishes its live notices. Other tests' people share the district,
 * so the engine is shown only this request and this volunteer.
 */
async function propose(
  requestId: string,
  volunteerId: string,
): Promise<{ matchId: string; breakdown: ScoreBreakdown }> {
  const { db } = server().database;
  const [request] = await db
    .select({ districtId: helpRequests.districtId })
    .from(helpRequests)
    .where(eq(helpRequests.id, requestId));
  if (!request) throw new Error('no such request');
  const run = await runDistrictMatching(
    {
      db,
      live: {
        publish: async (notices) => {
          for (const notice of notices) {
            await server().app.live.publish(notice.audience, notice.event);
          }
        },
      },
      settings: {
        ...defaultMatchingSettings,
        matcher: (input) =>
          assignBatch({
            ...input,
            requests: input.requests.filter((one) => one.id === requestId),
            candidates: input.candidates.filter((one) => one.id === volunteerId),
          }),
      },
    },
    request.districtId,
  );
  expect(run).toMatchObject({ status: 'done', proposed: 1 });
  const [match] = await db
    .select({ id: matches.id, breakdown: matches.scoreBreakdown })
    .from(matches)
    .where(and(eq(matches.requestId, requestId), eq(matches.volunteerId, volunteerId)));
  if (!match?.breakdown) throw new Error('the run proposed nobody');
  return { matchId: match.id, breakdown: match.breakdown as ScoreBreakdown };
}

async function apiAs(cookie: Cookie, path: string, init: RequestInit = {}) {
  return apiRequest(server(), path, {
    ...init,
    headers: {
      ...(init.headers as Record<string, string>),
      cookie: `${cookie.name}=${cookie.value}`,
    },
  });
}

async function ownRequests(cookie: Cookie): Promise<HelpRequestView[]> {
  const response = await apiAs(cookie, '/api/help-requests');
  expect(response.status).toBe(200);
  return ((await response.json()) as { requests: HelpRequestView[] }).requests;
}

const requestIdIn = (url: string) =>
  /\/requests\/([0-9a-f-]{36})/.exec(new URL(url).pathname)?.[1] ?? null;

describe('the help loop, end to end', () => {
  test('resident asks → coordinator approves → volunteer accepts and completes → resident thanks', async () => {
    const resident = await makeResident(server().database);
    const volunteer = await makeVolunteer(server().database, 'chuo');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });

    // 1. The resident asks for snow clearing through the three steps (JavaScript on).
    const residentPage = await open(await cookieOf(resident));
    await visit(residentPage, '/');
    await residentPage.getByRole('link', { name: '手伝いを たのむ' }).first().click();
    await residentPage.waitForURL((url) => url.pathname === '/requests/new');
    await waitForEnhanced(residentPage);
    await expectNoAxeViolations(residentPage, '/requests/new');
    await expectText(residentPage.locator('main legend').first()).toContain('ステップ1');
    // The registered address is shown beside 「登録している 住所」, so the resident can check it.
    await expectText(residentPage.locator('#whereKind-profile-hint')).toContain(CHUO_ADDRESS);

    await residentPage.getByRole('radio', { name: /雪かき（除雪）/ }).check();
    await residentPage.getByRole('radio', { name: '日にちと 時間を 決める' }).check();
    await residentPage.getByLabel('日にち', { exact: true }).fill(tomorrowInJapan());
    await residentPage.getByLabel('はじまり').selectOption('08:00');
    await residentPage.getByLabel('終わり', { exact: true }).selectOption('11:00');
    await residentPage.getByRole('radio', { name: /登録している 住所/ }).check();
    await residentPage.getByLabel('メモ（手伝う人へ）').fill('玄関前の雪をお願いします');
    await residentPage.getByRole('button', { name: 'この 内容で たのむ' }).click();

    await residentPage.waitForURL((url) => requestIdIn(url.href) !== null);
    const requestId = requestIdIn(residentPage.url())!;
    await residentPage.locator('#current-status').waitFor();
    await expectText(residentPage.locator('#current-status')).toBe('受け付けました');
    await expectText(residentPage.locator('[role="status"]').first()).toContain(
      'お願いを 受け付けました',
    );
    // The invitation to help others too.
    await expectText(residentPage.locator('#become-volunteer h2')).toContain(
      'あなたにも できることが あります',
    );
    await expectNoAxeViolations(residentPage, '/requests/[id] (just asked)');
    await visit(residentPage, '/requests');
    await expectCount(residentPage.locator('.item')).toBe(1);

    // 2. The matcher proposes the volunteer; the coordinator approves, seeing why.
    const { matchId, breakdown } = await propose(requestId, volunteer.id);
    const coordinatorPage = await open(await cookieOf(coordinator));
    await visit(coordinatorPage, '/coordinator');
    const proposal = coordinatorPage.locator(`#match-${matchId}`);
    await expectText(proposal.locator('h3')).toContain('雪かき（除雪）・中央');
    const why = proposal.locator('table.breakdown');
    await expectText(why.locator('caption')).toContain('選んだ 理由');
    // Every term the engine wrote, worded from its facts, and the total it scored.
    expect(breakdown.terms.length).toBeGreaterThan(4);
    await expectCount(why.locator('tbody tr')).toBe(breakdown.terms.length);
    for (const term of breakdown.terms) {
      await expectText(why).toContain(termReason('ja', term).text);
    }
    await expectText(why.locator('tfoot')).toContain(
      (Math.round(breakdown.total * 10) / 10).toFixed(1),
    );
    // A coordinator sees no address in the queue.
    expect(await coordinatorPage.content()).not.toContain(CHUO_ADDRESS);
    await proposal.getByRole('button', { name: /^承認する/ }).click();
    await coordinatorPage.getByText('承認しました。').waitFor();
    await proposal.waitFor({ state: 'detached' });
    await expectNoAxeViolations(coordinatorPage, '/coordinator after approving');

    // 3. The volunteer gets the offer: no address until they accept.
    const volunteerPage = await open(await cookieOf(volunteer));
    await visit(volunteerPage, '/volunteer');
    const offer = volunteerPage.locator(`#offer-${matchId}`);
    await expectText(offer).toContain('玄関前の雪をお願いします');
    expect(await volunteerPage.content()).not.toContain(CHUO_ADDRESS);
    await offer.getByRole('button', { name: /^引き受ける/ }).click();
    const task = volunteerPage.locator(`#task-${matchId}`);
    await task.waitFor();
    const contact = await task.locator('dl.contact').textContent();
    expect(contact).toContain('旭川 花子');
    expect(contact).toContain(CHUO_ADDRESS);
    expect(contact).toContain('0166-01-2345');
    await expectNoAxeViolations(volunteerPage, '/volunteer with an accepted task');

    // 4. The morning comes (the window has started) and they report it done with a note (and a
    // worry for the centre).
    await server()
      .database.db.update(helpRequests)
      .set({ windowStart: new Date(Date.now() - 60_000) })
      .where(eq(helpRequests.id, requestId));
    await task.getByLabel('かかった 時間（分）').fill('90');
    await task.getByLabel('ようすの メモ（連絡票）').fill('お元気そうでしたが、足が痛いそうです。');
    await task.getByLabel('この方のことが心配です（センターに知らせる）').check();
    await task.getByRole('button', { name: '終わったと 報告する' }).click();
    await volunteerPage.getByText('報告しました。').waitFor();
    await task.waitFor({ state: 'detached' });
    await expectNoAxeViolations(volunteerPage, '/volunteer after completing');

    // 5. The resident sees 「終わりました」 and says thank you.
    await visit(residentPage, `/requests/${requestId}`);
    await expectText(residentPage.locator('#current-status')).toBe('終わりました');
    await expectText(residentPage.locator('.timeline')).toContain('手伝う人が 決まりました');
    const message = residentPage.getByLabel('メッセージ');
    expect(await message.inputValue()).toBe('ありがとうございました。');
    await message.fill('雪かき、本当にありがとうございました。');
    await residentPage.getByRole('button', { name: '「ありがとう」を 送る' }).click();
    await residentPage.getByText('「ありがとう」を 送りました。').waitFor();
    await expectCount(residentPage.getByRole('button', { name: '「ありがとう」を 送る' })).toBe(0);
    await expectNoAxeViolations(residentPage, '/requests/[id] after thanking');

    // A second request nobody took in time waits in the inbox, its reason in words.
    const waited = await apiAs(await cookieOf(resident), '/api/help-requests', {
      method: 'POST',
      body: JSON.stringify({
        category: 'snow',
        when: { kind: 'window', date: tomorrowInJapan(), from: '07:00', to: '08:00' },
        where: { kind: 'profile' },
      }),
    });
    const waitedId = ((await waited.json()) as { request: HelpRequestView }).request.id;
    await markUnmatchedMany(server().database.db, [waitedId], 'waited_too_long');
    // A notification no e-mail could carry becomes a call on the coordinator's list (as the
    // worker's fallback writes it).
    const [call] = await server()
      .database.db.insert(notifications)
      .values({
        userId: resident.id,
        eventKey: `match.declined:${waitedId}`,
        eventType: 'match.declined',
        channel: 'phone_call',
        template: 'match.declined/v1',
        language: 'ja',
        status: 'sent',
        requestId: waitedId,
        districtId: await districtIdOf(server().database, 'chuo'),
      })
      .returning({ id: notifications.id });

    // The volunteer sees the thanks; the coordinator sees the worry in the inbox.
    await visit(volunteerPage, '/volunteer');
    await volunteerPage.getByText('「ありがとう」が 届きました').waitFor();
    await visit(coordinatorPage, '/coordinator/inbox');
    const unmatched = coordinatorPage.locator(`#unmatched-${waitedId}`);
    await expectText(unmatched).toContain('長く 待っても 担い手が 見つかりません');
    await expectText(unmatched).not.toContain('waited_too_long');
    const concern = coordinatorPage.locator('.item--concern');
    await expectCount(concern).toBe(1);
    await expectText(concern).toContain('足が痛いそうです');
    await concern.getByRole('button', { name: /^対応済みに する/ }).click();
    await coordinatorPage.getByText('対応済みに しました。').waitFor();
    await concern.waitFor({ state: 'detached' });
    const callItem = coordinatorPage.locator(`#call-${call!.id}`);
    await expectText(callItem).toContain('手伝う 人を もう一度 さがして います');
    await callItem.getByRole('button', { name: /^電話しました/ }).click();
    await coordinatorPage.getByText('電話した ことを 記録しました。').waitFor();
    await callItem.waitFor({ state: 'detached' });
    // The note (連絡票) stays on the request for the district's coordinators.
    await visit(coordinatorPage, `/coordinator/requests/${requestId}`);
    await expectText(coordinatorPage.locator('#matches-table')).toContain('足が痛いそうです');
    await expectNoAxeViolations(coordinatorPage, '/coordinator/requests/[id] when done');
  });
});

describe('the request form without JavaScript', () => {
  test('shows what is missing, then creates the request; a double submission makes one', async () => {
    const resident = await makeResident(server().database);
    const cookie = await cookieOf(resident);
    const page = await open(cookie, false);
    await visit(page, '/requests/new', false);

    // Nothing chosen: each missing answer is listed and linked to its first option.
    await page.getByRole('button', { name: 'この 内容で たのむ' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.title()).toMatch(/^エラー：/);
    expect(
      await page
        .locator('.error-summary a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(['#category-snow', '#whenKind-asap', '#whereKind-profile']);
    await checkA11y(page, '/requests/new with errors', false);

    await page.getByRole('radio', { name: /ゴミ出し/ }).check();
    await page.getByRole('radio', { name: 'できるだけ 早く' }).check();
    await page.getByRole('radio', { name: 'ほかの 住所' }).check();
    await page.getByLabel('住所', { exact: true }).fill(NAGAYAMA_ADDRESS);
    await page.getByLabel('メモ（手伝う人へ）').fill('燃えるゴミを お願いします');
    const key = await page.locator('input[name="idempotencyKey"]').inputValue();
    await page.getByRole('button', { name: 'この 内容で たのむ' }).click();

    await page.waitForURL((url) => requestIdIn(url.href) !== null);
    const requestId = requestIdIn(page.url())!;
    await expectText(page.locator('#current-status')).toBe('受け付けました');
    await expectText(page.locator('.summary')).toContain('永山');
    await checkA11y(page, '/requests/[id]', false);

    // The same form sent again (a double click, a retry): the same request, not a second one.
    const again = await page.request.post('/requests/new?/ask', {
      // As a browser's own form post: HTML wanted, so a redirect comes as a 303.
      headers: { origin: server().url, accept: 'text/html' },
      form: {
        idempotencyKey: key,
        category: 'rubbish',
        whenKind: 'asap',
        whereKind: 'other',
        address: NAGAYAMA_ADDRESS,
        peopleNeeded: '1',
        notes: '燃えるゴミを お願いします',
      },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers()['location']).toBe(`/requests/${requestId}`);
    const mine = await ownRequests(cookie);
    expect(mine.map((r) => r.id)).toEqual([requestId]);
    expect(mine[0]).toMatchObject({
      category: 'rubbish',
      asSoonAsPossible: true,
      district: 'nagayama',
    });

    // Cancelling asks first, on a page of its own.
    await page.getByRole('link', { name: 'この お願いを 取り消す' }).click();
    await page.getByText('本当に 取り消しますか？').waitFor();
    await checkA11y(page, '/requests/[id]/cancel', false);
    await page.getByRole('button', { name: 'はい、取り消します' }).click();
    await page.waitForURL((url) => url.pathname === `/requests/${requestId}`);
    await expectText(page.locator('#current-status')).toBe('取り消しました');
  });
});

describe('live updates', () => {
  test('a new proposal appears in the coordinator’s open queue without a reload', async () => {
    const resident = await makeResident(server().database);
    const volunteer = await makeVolunteer(server().database, 'chuo');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const asked = await apiAs(await cookieOf(resident), '/api/help-requests', {
      method: 'POST',
      body: JSON.stringify({
        category: 'snow',
        when: { kind: 'window', date: tomorrowInJapan(), from: '13:00', to: '15:00' },
        where: { kind: 'profile' },
        notes: '屋根からの 落雪を どけてほしい',
      }),
    });
    expect(asked.status).toBe(201);
    const { request } = (await asked.json()) as { request: HelpRequestView };

    const page = await open(await cookieOf(coordinator));
    await visit(page, '/coordinator');
    await page.locator('.live[data-live="on"]').waitFor();
    await page.evaluate(() => {
      (window as unknown as { stayed?: boolean }).stayed = true;
    });

    const { matchId } = await propose(request.id, volunteer.id);
    const proposal = page.locator(`#match-${matchId}`);
    await proposal.waitFor();
    await expectText(proposal).toContain('屋根からの 落雪を どけてほしい');
    // Same document: the list changed in place, the page was not reloaded.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
      true,
    );
    await expectNoAxeViolations(page, '/coordinator with a live proposal');

    // The request's own page shows it to the coordinator, with the contact details.
    await visit(page, `/coordinator/requests/${request.id}`);
    await expectText(page.locator('.status-panel__status')).toBe(
      '手伝う人の 候補が 見つかりました',
    );
    await expectText(page.locator('main')).toContain(CHUO_ADDRESS);
  });
});

describe('manual assignment', () => {
  test('a coordinator offers a request to a volunteer chosen from the ranked candidates', async () => {
    const resident = await makeResident(server().database);
    const volunteer = await makeVolunteer(server().database, 'chuo');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const asked = await apiAs(await cookieOf(resident), '/api/help-requests', {
      method: 'POST',
      body: JSON.stringify({
        category: 'shopping',
        when: { kind: 'window', date: tomorrowInJapan(), from: '10:00', to: '12:00' },
        where: { kind: 'profile' },
      }),
    });
    expect(asked.status).toBe(201);
    const { request } = (await asked.json()) as { request: HelpRequestView };

    const page = await open(await cookieOf(coordinator));
    await visit(page, `/coordinator/requests/${request.id}`);
    const candidates = page.locator('section', { has: page.locator('#candidates-title') });
    const candidate = candidates.locator('.item', { hasText: 'テスト 利用者' }).first();
    // Why this volunteer: the same table as in the approval queue.
    await expectCount(candidate.locator('table.breakdown tbody tr')).toBeGreaterThan(0);
    await candidate.getByRole('button', { name: /^この 担い手に お願いする/ }).click();
    await page.getByText('担い手に お願いを 送りました。').waitFor();
    await page.locator('table.data-table', { hasText: '返事待ち' }).waitFor();
    await expectNoAxeViolations(page, '/coordinator/requests/[id] after assigning');

    // The offer is the volunteer's straight away (the choice is the approval).
    const volunteerPage = await open(await cookieOf(volunteer));
    await visit(volunteerPage, '/volunteer');
    await expectCount(volunteerPage.locator('[id^="offer-"]')).toBe(1);
  });
});

describe('the other pages of each role', () => {
  test('a volunteer registers a group profile (JavaScript off) and a coordinator verifies it', async () => {
    const helper = await seedUser(server(), { roles: [{ role: 'volunteer' }] });
    const page = await open(await cookieOf(helper), false);
    await visit(page, '/volunteer', false);
    await expectText(page.locator('main')).toContain('まず、できることと');
    await visit(page, '/volunteer/profile', false);

    await page.getByRole('radio', { name: /グループで 手伝う/ }).check();
    await page.getByLabel('グループの 名前').fill('永山3条町内会 除雪隊');
    await page.getByLabel('グループの 人数').fill('６');
    await page.getByLabel('代表の 方の お名前').fill('永山 一郎');
    await page.getByRole('checkbox', { name: '雪かき（除雪）' }).check();
    await page.getByRole('checkbox', { name: '除雪機' }).check();
    await page.getByLabel('そのほかの 道具').fill('リヤカー、脚立');
    await page.getByRole('checkbox', { name: '永山', exact: true }).check();
    await page.getByRole('checkbox', { name: /土曜日 午前/ }).check();
    await page.getByRole('checkbox', { name: /土曜日 午後/ }).check();
    await page.getByRole('checkbox', { name: /日曜日 午前/ }).check();
    await page.getByLabel('1週間に 手伝える 回数').fill('3');
    await page.getByRole('button', { name: '登録する', exact: true }).click();
    await page.getByText('登録しました。').waitFor();
    await checkA11y(page, '/volunteer/profile saved', false);

    const saved = await apiAs(await cookieOf(helper), '/api/me/volunteer-profile');
    expect(await saved.json()).toMatchObject({
      profile: {
        kind: 'group',
        groupName: '永山3条町内会 除雪隊',
        headcount: 6,
        representativeName: '永山 一郎',
        skills: ['snow'],
        equipment: ['除雪機', 'リヤカー', '脚立'],
        districts: ['nagayama'],
        availability: [
          { weekday: 0, from: '08:00', to: '12:00' },
          { weekday: 6, from: '08:00', to: '17:00' },
        ],
        maxTasksPerWeek: 3,
        verification: 'pending',
      },
    });
    // The saved grid comes back ticked.
    await visit(page, '/volunteer/profile', false);
    expect(await page.getByRole('checkbox', { name: /土曜日 午後/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /月曜日 午前/ }).isChecked()).toBe(false);

    // The coordinator of 永山 verifies the new group and marks it trusted.
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'nagayama' }],
    });
    const staff = await open(await cookieOf(coordinator));
    await visit(staff, '/coordinator/volunteers');
    const card = staff.locator(`#volunteer-${helper.id}`);
    await expectText(card).toContain('確認待ち');
    await card.getByRole('button', { name: /^確認して 活動中に する/ }).click();
    await staff.getByText('さんの 登録を 変えました。').waitFor();
    await card.getByText('活動中').waitFor();
    await card.getByRole('button', { name: /^信頼できる 担い手に する/ }).click();
    await staff.getByText('さんの 登録を 変えました。').waitFor();
    await expectNoAxeViolations(staff, '/coordinator/volunteers');

    // Per-district settings: auto-approve trusted volunteers, answer within 6 hours.
    await visit(staff, '/coordinator/settings');
    await staff.getByLabel(/承認を 待たずに 依頼する/).check();
    await staff.getByLabel('返事を 待つ 時間（時間）').fill('200');
    await staff.getByRole('button', { name: '保存する' }).click();
    await staff.locator('.error-summary').waitFor();
    await expectNoAxeViolations(staff, '/coordinator/settings with an error');
    await staff.getByLabel('返事を 待つ 時間（時間）').fill('6');
    await staff.getByRole('button', { name: '保存する' }).click();
    await staff.getByText('設定を 保存しました。').waitFor();
    const settings = await apiAs(await cookieOf(coordinator), '/api/districts/nagayama/settings');
    expect(await settings.json()).toMatchObject({ autoApproveTrusted: true, offerTtlHours: 6 });
  });

  test('a coordinator takes a request by phone for a new resident', async () => {
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'nagayama' }],
    });
    const page = await open(await cookieOf(coordinator));
    await visit(page, '/coordinator/requests/new');

    // Without the consent box ticked, nothing is registered.
    await page.getByLabel('お名前').fill('永山 トメ');
    await page.locator('main').getByLabel('ふりがな').fill('ながやま とめ');
    await page.getByLabel('電話番号').fill('0166-48-1234');
    await page.getByLabel('ご自宅の 住所').fill(NAGAYAMA_ADDRESS);
    await page.getByRole('radio', { name: /除草/ }).check();
    await page.getByRole('radio', { name: 'できるだけ 早く' }).check();
    await page.getByRole('radio', { name: '上の ご自宅' }).check();
    await page.getByRole('radio', { name: 'いそぐ' }).check();
    await page.getByRole('button', { name: 'この 内容で 受け付ける' }).click();
    await page.locator('.error-summary a[href="#consentByPhone"]').waitFor();
    await expectNoAxeViolations(page, '/coordinator/requests/new with an error');

    await page.getByLabel('電話で同意を得ました').check();
    await page.getByRole('button', { name: 'この 内容で 受け付ける' }).click();
    await page.waitForURL((url) => /^\/coordinator\/requests\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByText('受け付けました。担い手を 探します。').waitFor();
    const main = await page.locator('main').textContent();
    expect(main).toContain('永山 トメ');
    expect(main).toContain('0166-48-1234');
    expect(main).toContain('電話で 受け付けました');
    expect(main).toContain('いそぐ');
    await expectNoAxeViolations(page, '/coordinator/requests/[id] (phone intake)');
  });

  test('the coordinator pages and the role-aware home in English have no axe violation', async () => {
    const person = await seedUser(server(), {
      roles: [
        { role: 'resident' },
        { role: 'volunteer' },
        { role: 'coordinator', district: 'chuo' },
        { role: 'coordinator', district: 'kagura' },
      ],
    });
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      locale: 'en-GB',
      cookies: [await cookieOf(person)],
    });
    await visit(page, '/');
    // Queue, inbox, 見守り cases, intake, volunteers, snow, winter, settings, district figures.
    await expectCount(page.locator('#section-coordinator a')).toBe(9);
    expect(
      await page
        .locator('#section-coordinator a')
        .evaluateAll((links) =>
          links.map((link) => new URL((link as HTMLAnchorElement).href).pathname),
        ),
    ).toEqual([
      '/coordinator',
      '/coordinator/inbox',
      '/coordinator/concerns',
      '/coordinator/requests/new',
      '/coordinator/volunteers',
      '/coordinator/snow',
      '/coordinator/winter',
      '/coordinator/settings',
      '/council/activity',
    ]);
    await visit(page, '/coordinator');
    await visit(page, '/coordinator/inbox');
    await visit(page, '/coordinator/concerns');
    await visit(page, '/coordinator/volunteers?district=kagura');
    await expectText(page.locator('main h2').first()).toBe('Volunteers of Kagura');
    await visit(page, '/coordinator/settings');
    await visit(page, '/coordinator/requests/new');
    await visit(page, '/coordinator/snow');
    await visit(page, '/coordinator/winter');
    await visit(page, '/volunteer');
    await visit(page, '/volunteer/profile');
    await visit(page, '/requests/new');
  });

  test('role pages refuse people without the role', async () => {
    const resident = await makeResident(server().database);
    const page = await open(await cookieOf(resident));
    const response = await page.goto('/coordinator');
    expect(response?.status()).toBe(403);
    await expectText(page.locator('main')).toContain('コーディネーターの 方が 使います');
    const signedOut = (await openPage(browser(), { baseURL: server().url })).page;
    await signedOut.goto('/requests/new');
    expect(new URL(signedOut.url()).pathname).toBe('/login');
    expect(new URL(signedOut.url()).searchParams.get('redirectTo')).toBe('/requests/new');
  });
});
