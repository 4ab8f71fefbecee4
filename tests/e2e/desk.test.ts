/**
 * The coordinator's requests desk in Chromium with JavaScript off: the list of the district's
 * requests (never another district's), search by kana in the other script, a filter, sorting
 * by a column header, paging, a refused filter shown beside its field, and a tablet-wide
 * screen where only the table's own region scrolls sideways. axe-core checks each state.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { proposeMatch, rejectMatch } from '@sasaeai/db/help-loop';
import { helpRequests, matches, residentProfiles, users } from '@sasaeai/db/schema';
import {
  districtIdOf,
  makeResident,
  makeVolunteer,
  NAGAYAMA_ADDRESS,
} from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectCount,
  expectNoAxeViolationsWithoutJs,
  expectNoAxeViolations,
  expectText,
  focusedElement,
  openPage,
  STEP_TIMEOUT_MS,
  useBrowser,
  waitForEnhanced,
} from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();
let nagayamaId = '';

/** 60 requests in chuo (the first 10 of 北野 はな, shopping), 5 in nagayama. */
async function seedRequests() {
  const database = server().database;
  const db = database.db;
  const kitano = await makeResident(database);
  const other = await makeResident(database);
  const nagayama = await makeResident(database, NAGAYAMA_ADDRESS, 'nagayama');
  await db
    .update(residentProfiles)
    .set({ fullName: '北野 はな', fullNameKana: 'きたの はな', phone: '0166-55-1234' })
    .where(eq(residentProfiles.userId, kitano.id));
  await db
    .update(residentProfiles)
    .set({ fullName: '永山 次郎', fullNameKana: 'ながやま じろう' })
    .where(eq(residentProfiles.userId, nagayama.id));
  const chuo = await districtIdOf(database, 'chuo');
  const rows = Array.from({ length: 60 }, (_, i) => {
    const resident = i < 10 ? kitano.id : other.id;
    const start = new Date(Date.UTC(2026, 11, 1, 0) + i * 86_400_000);
    return {
      residentId: resident,
      createdBy: resident,
      districtId: chuo,
      category: i < 10 ? ('shopping' as const) : ('snow' as const),
      address: '旭川市5条通9丁目3-12',
      windowStart: start,
      windowEnd: new Date(start.getTime() + 2 * 3_600_000),
      matchingSince: new Date(Date.now() - (i + 1) * 3_600_000),
      status: 'matching' as const,
    };
  });
  await db.insert(helpRequests).values(rows);
  await db.insert(helpRequests).values(
    Array.from({ length: 5 }, () => ({
      residentId: nagayama.id,
      createdBy: nagayama.id,
      districtId: nagayamaId,
      category: 'snow' as const,
      address: NAGAYAMA_ADDRESS,
      windowStart: new Date(Date.UTC(2026, 11, 5, 0)),
      windowEnd: new Date(Date.UTC(2026, 11, 5, 2)),
    })),
  );
}

describe('requests desk', () => {
  test('lists, searches, filters, sorts and pages with JavaScript off', async () => {
    nagayamaId = await districtIdOf(server().database, 'nagayama');
    await seedRequests();
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [cookie],
    });

    await page.goto('/coordinator/requests');
    const caption = page.locator('#desk-caption');
    await expectText(caption).toContain('60');
    await expectCount(page.locator('#desk-table tbody tr')).toBe(50);
    expect(await page.content()).not.toContain('永山 次郎');
    expect(await page.content()).not.toContain('5条通');
    await expectNoAxeViolationsWithoutJs(page, 'desk');

    // Search by kana in katakana finds the resident stored in hiragana.
    await page.getByLabel('名前・ふりがな・電話番号').fill('キタノ');
    await page.getByRole('button', { name: '表示する' }).click();
    await expectText(caption).toContain('10');
    await expectCount(page.locator('#desk-table tbody tr', { hasText: '北野 はな' })).toBe(10);

    // A filter on top of it, then cleared.
    await page.getByLabel('種類').selectOption('snow');
    await page.getByRole('button', { name: '表示する' }).click();
    await expectText(page.locator('main')).toContain('条件に 合う 依頼は ありません。');
    await page.getByRole('link', { name: '条件を 消す' }).click();
    await expectText(caption).toContain('60');

    // Sorting by window: newest first by default, the header link turns it round.
    const windowHeader = page.locator('th', { hasText: '日時' });
    expect(await windowHeader.getAttribute('aria-sort')).toBe('descending');
    await windowHeader.getByRole('link').click();
    await expect.poll(() => windowHeader.getAttribute('aria-sort')).toBe('ascending');
    await expectText(page.locator('#desk-table tbody tr').first()).toContain('12月1日');

    // Paging keeps the order and shows the rest.
    await page.getByRole('link', { name: '次の ページ' }).click();
    await expectCount(page.locator('#desk-table tbody tr')).toBe(10);
    await expectText(page.locator('#desk-range')).toContain('51〜60');
    await expectText(page.locator('#desk-table tbody tr').last()).toContain('1月29日');
    await expectNoAxeViolationsWithoutJs(page, 'desk page 2');

    // A refused filter: said beside the field, in Japanese, with nothing listed.
    await page.goto('/coordinator/requests?from=2026-12-10&to=2026-12-01');
    await expectText(page.locator('#desk-to-error')).toContain('終わりの日');
    await expectCount(page.locator('#desk-table')).toBe(0);
    await expectNoAxeViolationsWithoutJs(page, 'desk with a refused filter');

    // Another district's requests cannot be asked for by URL either.
    await page.goto('/coordinator/requests?district=nagayama');
    expect(await page.content()).not.toContain('永山 次郎');

    // A tablet: the page itself never scrolls sideways; the table's region does, by keyboard.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto('/coordinator/requests');
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    const region = page.getByRole('region', { name: /依頼（60件）/ });
    expect(await region.getAttribute('tabindex')).toBe('0');
    await expectNoAxeViolationsWithoutJs(page, 'desk on a tablet');
  });
});

describe('bulk approve', () => {
  test('selects all proposals, approves them at once and names the one that could not be', async () => {
    const database = server().database;
    const resident = await makeResident(database);
    const chuo = await districtIdOf(database, 'chuo');
    const volunteers = [await makeVolunteer(database), await makeVolunteer(database)];
    await database.db
      .update(users)
      .set({ displayName: '雪野 太郎' })
      .where(eq(users.id, volunteers[1]!.id));
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const start = new Date(Date.UTC(2027, 1, 1 + i * 8, 0));
      const [row] = await database.db
        .insert(helpRequests)
        .values({
          residentId: resident.id,
          createdBy: resident.id,
          districtId: chuo,
          category: 'snow',
          address: '旭川市5条通9丁目3-12',
          windowStart: start,
          windowEnd: new Date(start.getTime() + 3 * 3_600_000),
        })
        .returning({ id: helpRequests.id });
      const { matchId } = await proposeMatch(database.db, {
        requestId: row!.id,
        volunteerId: volunteers[i === 1 ? 1 : 0]!.id,
        score: 2.5,
        breakdown: {
          total: 2.5,
          terms: [{ term: 'distance', points: 2.5, detail: '同じ地区' }],
        },
      });
      ids.push(matchId!);
    }
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
    await page.goto('/coordinator');
    await waitForEnhanced(page);
    await expectCount(page.locator('.proposal')).toBe(3);

    // The reasons are one click away, not a table per card.
    const firstWhy = page.locator('.proposal').first().locator('details');
    expect(await firstWhy.locator('table.breakdown').isVisible()).toBe(false);
    await firstWhy.locator('summary').click();
    expect(await firstWhy.locator('table.breakdown').isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'approval queue');

    await page.getByLabel('すべて 選ぶ').check();
    await expectCount(page.locator('.proposal input[type="checkbox"]:checked')).toBe(3);
    // Meanwhile the middle proposal is rejected elsewhere.
    await rejectMatch(database.db, ids[1]!, coordinator.id);
    await page.getByRole('button', { name: '選んだ 候補を 承認する' }).click();

    await expectText(page.locator('main')).toContain('2件 承認しました。');
    await expectText(page.locator('#bulk-failed')).toContain('雪野 太郎さん');
    await expectCount(page.locator('.proposal')).toBe(0);
    const rows = await database.db.select().from(matches);
    const status = new Map(rows.map((r) => [r.id, r.status]));
    expect([ids[0], ids[1], ids[2]].map((id) => status.get(id!))).toEqual([
      'offered',
      'rejected',
      'offered',
    ]);
    await expectNoAxeViolations(page, 'approval queue after a bulk approval');
  });
});

/** A chuo snow request on `day` March 2027, proposed to `volunteerId` (no matcher involved). */
async function proposeInChuo(residentId: string, volunteerId: string, day: number) {
  const database = server().database;
  const start = new Date(Date.UTC(2027, 2, day, 0));
  const [row] = await database.db
    .insert(helpRequests)
    .values({
      residentId,
      createdBy: residentId,
      districtId: await districtIdOf(database, 'chuo'),
      category: 'snow',
      address: '旭川市5条通9丁目3-12',
      windowStart: start,
      windowEnd: new Date(start.getTime() + 2 * 3_600_000),
    })
    .returning({ id: helpRequests.id });
  const { matchId } = await proposeMatch(database.db, {
    requestId: row!.id,
    volunteerId,
    score: 1,
    breakdown: { total: 1, terms: [{ term: 'distance', points: 1, detail: '同じ地区' }] },
  });
  return matchId!;
}

describe('approval queue under live updates', () => {
  test('keeps its order and the keyboard focus while proposals come and go', async () => {
    const database = server().database;
    const resident = await makeResident(database);
    const volunteer = await makeVolunteer(database);
    const propose = (day: number) => proposeInChuo(resident.id, volunteer.id, day);
    for (const day of [3, 5, 7]) await propose(day);
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
    await page.goto('/coordinator');
    await waitForEnhanced(page);
    await page.locator('.live[data-live="on"]').waitFor();
    const cardIds = () =>
      page.locator('#queue .proposal').evaluateAll((cards) => cards.map((card) => card.id));
    const [first, second, third] = await cardIds();
    const approveSecond = page.locator(`#${second} form[action="?/approve"] button`);
    await approveSecond.focus();

    // Meanwhile: a new proposal arrives, and a colleague rejects the third card.
    const arrived = await propose(1);
    const colleague = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const colleagueCookie = await sessionCookieFor(server(), colleague.email, TEST_PASSWORD);
    const rejected = await apiRequest(server(), `/api/matches/${third!.slice(6)}/reject`, {
      method: 'POST',
      body: '{}',
      headers: { cookie: `${colleagueCookie.name}=${colleagueCookie.value}` },
    });
    expect(rejected.status).toBe(200);

    // The new one (earliest, so the server would sort it first) waits after the marker; the
    // rejected one is a line in its place; nothing above moved and the focus stayed put.
    await expectCount(page.locator('#queue .proposal--gone')).toBe(1);
    await expectText(page.locator('#queue-new')).toContain('あとで 届いた 候補（1件）');
    expect(await cardIds()).toEqual([first, second, `match-${arrived}`]);
    expect(await focusedElement(page)).toMatchObject({ tag: 'button' });
    expect(await approveSecond.evaluate((button) => button === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page, 'approval queue after live changes');

    // Approving by keyboard moves the focus to the next card, not to the page.
    await page.keyboard.press('Enter');
    await expectText(page.locator('main')).toContain('承認しました');
    await expect
      .poll(async () => (await focusedElement(page))?.id, { timeout: STEP_TIMEOUT_MS })
      .toBe(`match-${arrived}`);
    expect(await cardIds()).toEqual([first, `match-${arrived}`]);
  });
  test('an approval’s notice, and a bulk approval’s failures, stay while live updates refresh the queue', async () => {
    const database = server().database;
    const resident = await makeResident(database);
    const volunteer = await makeVolunteer(database);
    const [first, second, third, fourth, fifth] = await Promise.all(
      [9, 11, 13, 15, 17].map((day) => proposeInChuo(resident.id, volunteer.id, day)),
    );
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const colleague = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const colleagueCookie = await sessionCookieFor(server(), colleague.email, TEST_PASSWORD);
    /** A colleague's decision through the API, which sends the live event that refreshes the page. */
    const colleagueRejects = async (matchId: string) => {
      const rejected = await apiRequest(server(), `/api/matches/${matchId}/reject`, {
        method: 'POST',
        body: '{}',
        headers: { cookie: `${colleagueCookie.name}=${colleagueCookie.value}` },
      });
      expect(rejected.status).toBe(200);
      await page.locator(`#match-${matchId}`).waitFor({ state: 'detached' });
    };
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
    await page.goto('/coordinator');
    await waitForEnhanced(page);
    await page.locator('.live[data-live="on"]').waitFor();
    const approvedNotice = page.locator('.notice--success', { hasText: '承認しました。' });

    await page.locator(`#match-${first} form[action="?/approve"] button`).click();
    await approvedNotice.waitFor();
    // The live refresh reads no flash; the notice stays all the same.
    await colleagueRejects(second!);
    expect(await approvedNotice.isVisible()).toBe(true);

    // Two ticked; one of them is settled in the database meanwhile (no live event, so its card
    // stays and the bulk approval names it).
    await page.locator(`#choose-${third}`).check();
    await page.locator(`#choose-${fourth}`).check();
    await database.db.update(matches).set({ status: 'rejected' }).where(eq(matches.id, fourth!));
    await page.getByRole('button', { name: '選んだ 候補を 承認する' }).click();
    const failures = page.locator('#bulk-failed');
    await failures.waitFor();
    await expectText(page.locator('main')).toContain('1件 承認しました。');
    // The single approval's notice made way for the bulk one.
    await expectCount(approvedNotice).toBe(1);
    await colleagueRejects(fifth!);
    expect(await failures.isVisible()).toBe(true);
    expect(await page.getByText('1件 承認しました。').isVisible()).toBe(true);
  });
});

describe('a live update during a form post', () => {
  test('waits for the post’s redirect, which shows the notice, then refreshes', async () => {
    const database = server().database;
    const resident = await makeResident(database);
    const volunteer = await makeVolunteer(database);
    const [first, second] = await Promise.all(
      [19, 21].map((day) => proposeInChuo(resident.id, volunteer.id, day)),
    );
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const colleague = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const colleagueCookie = await sessionCookieFor(server(), colleague.email, TEST_PASSWORD);
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
    const frames: string[] = [];
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
    });
    await page.goto('/coordinator');
    await waitForEnhanced(page);
    await page.locator('.live[data-live="on"]').waitFor();
    const loads: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/coordinator/__data.json')) loads.push(request.url());
    });

    // The approval's answer is held back; meanwhile a colleague's decision sends a live event.
    let releasePost = () => {};
    const postHeld = new Promise<void>((resolve) => (releasePost = resolve));
    await page.route('**/coordinator?/approve*', async (route) => {
      await postHeld;
      await route.continue();
    });
    await page.locator(`#match-${first} form[action="?/approve"] button`).click();
    const framesBefore = frames.length;
    const rejected = await apiRequest(server(), `/api/matches/${second}/reject`, {
      method: 'POST',
      body: '{}',
      headers: { cookie: `${colleagueCookie.name}=${colleagueCookie.value}` },
    });
    expect(rejected.status).toBe(200);
    await expect
      .poll(() => frames.length, { timeout: STEP_TIMEOUT_MS })
      .toBeGreaterThan(framesBefore);
    // A refresh now could take the flash the post's answer is about to set: none is sent
    // (without the hold, one goes out 150 ms after the event).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(loads).toEqual([]);

    releasePost();
    await page.locator('.notice--success', { hasText: '承認しました。' }).waitFor();
    // The held refresh ran after the redirect's load: the colleague's rejection shows too.
    await page.locator(`#match-${second}`).waitFor({ state: 'detached' });
    expect(await page.getByText('承認しました。').isVisible()).toBe(true);
  });
});

describe('coordinator edits', () => {
  test('a coordinator corrects a request, cancels it after confirming, then reopens it, with JavaScript off', async () => {
    const database = server().database;
    const resident = await makeResident(database);
    const start = new Date(Date.now() + 3 * 86_400_000);
    const [row] = await database.db
      .insert(helpRequests)
      .values({
        residentId: resident.id,
        createdBy: resident.id,
        districtId: await districtIdOf(database, 'chuo'),
        category: 'snow',
        address: '旭川市5条通9丁目3-12',
        windowStart: start,
        windowEnd: new Date(start.getTime() + 3 * 3_600_000),
      })
      .returning({ id: helpRequests.id });
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [cookie],
    });
    await page.goto(`/coordinator/requests/${row!.id}`);

    // A correction refused: the field says why, and nothing changed.
    await page.getByText('依頼を 直す（日時・人数・メモ）').click();
    await page.getByLabel('必要な 人数').fill('0');
    await page.getByRole('button', { name: '直した 内容を 保存する' }).click();
    await expectText(page.locator('#edit-people-error')).toContain('1以上');
    await expectNoAxeViolationsWithoutJs(page, 'request edit with an error');
    await page.getByLabel('必要な 人数').fill('2');
    await page.getByLabel('メモ').fill('裏口から お願いします');
    await page.getByRole('button', { name: '直した 内容を 保存する' }).click();
    await expectText(page.locator('main')).toContain('依頼を 直しました。');
    const [edited] = await database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, row!.id));
    expect([edited!.peopleNeeded, edited!.notes]).toEqual([2, '裏口から お願いします']);

    await page.getByText('ご本人に 代わって 取り消す').click();
    await expectNoAxeViolationsWithoutJs(page, 'request with the cancel form open');
    await page.getByLabel('ご本人に 電話などで 確認しました').check();
    await page.getByRole('button', { name: 'この 依頼を 取り消す' }).click();
    await expectText(page.locator('main')).toContain('依頼を 取り消しました。');
    const status = async () =>
      (
        await database.db
          .select({ status: helpRequests.status })
          .from(helpRequests)
          .where(eq(helpRequests.id, row!.id))
      )[0]!.status;
    expect(await status()).toBe('cancelled');

    await page.getByRole('button', { name: '依頼を 元に 戻して もう一度 探す' }).click();
    await expectText(page.locator('main')).toContain('依頼を 元に 戻しました。');
    expect(await status()).toBe('matching');
    await expectNoAxeViolationsWithoutJs(page, 'request reopened');
  });
});
