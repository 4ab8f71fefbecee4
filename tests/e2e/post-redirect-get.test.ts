/**
 * Post/Redirect/Get on the coordinator's and resident's remaining forms, and the coordinator's
 * long lists read in pages, in Chromium with JavaScript off (issue 14, item 4). After each post
 * the browser shows a page fetched with GET (a reload resends nothing), the notice shows once
 * and is gone on reload; a page link is plain, and a tampered `?page=` shows the first page,
 * never an error. axe-core checks each page touched.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { eq, sql } from 'drizzle-orm';
import { proposeMatch, rejectMatch } from '@sasaeai/db/help-loop';
import { matches, notifications, users, volunteerProfiles } from '@sasaeai/db/schema';
import { makeConcern } from '../../services/api/test/concern-fixtures.ts';
import {
  districtIdOf,
  makeResident,
  makeVolunteer,
  seedDailyRequests,
} from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectCount,
  expectNoAxeViolationsWithoutJs,
  expectText,
  JOURNEY_TIMEOUT_MS,
  openPage,
  useBrowser,
} from './browser.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

async function open(person: { email: string }) {
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    cookies: [await sessionCookieFor(server(), person.email, TEST_PASSWORD)],
  });
  return page;
}

const coordinator = () =>
  seedUser(server(), { roles: [{ role: 'coordinator', district: 'chuo' }] });

/**
 * Clicks, and checks the page then shown was fetched with GET after the POST's redirect (so a
 * reload resends nothing), that `notice` shows once, and that a reload shows it no more.
 */
async function postThenGet(page: Page, click: () => Promise<void>, notice: string) {
  const [response] = await Promise.all([page.waitForNavigation(), click()]);
  const shown = response as Response;
  expect(shown.request().method()).toBe('GET');
  expect(shown.request().redirectedFrom()?.method()).toBe('POST');
  expect(new URL(page.url()).search).not.toContain('/');
  await expectCount(page.getByText(notice, { exact: false })).toBe(1);
  await page.reload();
  await expectCount(page.getByText(notice, { exact: false })).toBe(0);
}

/** Requests of chuo in `status`, each a day apart (the newest first on the lists). */
const seedRequests = (count: number, status: 'unmatched' | 'matching' = 'unmatched') =>
  seedDailyRequests(server().database, count, status);

describe('coordinator forms end in a GET (JavaScript off)', () => {
  test(
    'approve in the queue, rematch in the inbox, edit on the request page',
    async () => {
      const database = server().database;
      const [requestId] = await seedRequests(1, 'matching');
      const volunteer = await makeVolunteer(database);
      await proposeMatch(database.db, {
        requestId: requestId!,
        volunteerId: volunteer.id,
        score: 2,
        breakdown: { total: 2, terms: [{ term: 'distance', points: 2, detail: '同じ地区' }] },
      });
      const page = await open(await coordinator());

      await page.goto('/coordinator');
      await postThenGet(
        page,
        () => page.getByRole('button', { name: /^承認する/ }).click(),
        '承認しました。',
      );
      await expectNoAxeViolationsWithoutJs(page, 'approval queue after approving');

      const [unmatchedId] = await seedRequests(1);
      await page.goto('/coordinator/inbox');
      await postThenGet(
        page,
        () =>
          page
            .locator(`#unmatched-${unmatchedId}`)
            .getByRole('button', { name: /もう一度 探す/ })
            .click(),
        'もう一度 担い手を 探し始めました。',
      );
      await expectNoAxeViolationsWithoutJs(page, 'inbox after a rematch');

      const [openId] = await seedRequests(1, 'matching');
      await page.goto(`/coordinator/requests/${openId}`);
      await page.locator('details.edit-request summary').click();
      await page.getByLabel('メモ', { exact: true }).fill('玄関前だけで 大丈夫です');
      await postThenGet(
        page,
        () => page.getByRole('button', { name: '直した 内容を 保存する' }).click(),
        '依頼を 直しました。',
      );
      expect(new URL(page.url()).pathname).toBe(`/coordinator/requests/${openId}`);
      await expectNoAxeViolationsWithoutJs(page, 'request page after an edit');
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'a bulk approval with a refusal still redirects, and names the refused one after it',
    async () => {
      const database = server().database;
      const requestIds = await seedRequests(2, 'matching');
      const volunteers = [await makeVolunteer(database), await makeVolunteer(database)];
      await database.db
        .update(users)
        .set({ displayName: '吹雪 花子' })
        .where(eq(users.id, volunteers[1]!.id));
      const matchIds: string[] = [];
      for (const [i, requestId] of requestIds.entries()) {
        const { matchId } = await proposeMatch(database.db, {
          requestId,
          volunteerId: volunteers[i]!.id,
          score: 2,
          breakdown: { total: 2, terms: [{ term: 'distance', points: 2, detail: '同じ地区' }] },
        });
        matchIds.push(matchId!);
      }
      const person = await coordinator();
      const page = await open(person);
      await page.goto('/coordinator');
      // Meanwhile a colleague rejects the second proposal.
      const [colleague] = await database.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, person.email));
      await rejectMatch(database.db, matchIds[1]!, colleague!.id);
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: /表示中の 2件 すべてを 承認する/ }).click(),
      ]);
      expect(response?.request().method()).toBe('GET');
      expect(response?.request().redirectedFrom()?.method()).toBe('POST');
      await expectText(page.locator('main')).toContain('1件 承認しました。');
      await expectText(page.locator('#bulk-failed')).toContain('吹雪 花子さん');
      await expectText(page.locator('#bulk-failed')).toContain('いまの 状態では 承認できません');
      await expectNoAxeViolationsWithoutJs(page, 'approval queue after a partial bulk approval');
      // A reload is a plain GET: no notice again, nothing sent again.
      const reloaded = await page.reload();
      expect(reloaded?.request().method()).toBe('GET');
      await expectCount(page.locator('#bulk-failed')).toBe(0);
      await expectCount(page.getByText('1件 承認しました。')).toBe(0);
      const rows = await database.db.select().from(matches);
      const status = new Map(rows.map((row) => [row.id, row.status]));
      expect(matchIds.map((id) => status.get(id))).toEqual(['offered', 'rejected']);
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'verifying a volunteer names them once and keeps the district',
    async () => {
      const database = server().database;
      const volunteer = await makeVolunteer(database);
      await database.db
        .update(volunteerProfiles)
        .set({ verification: 'pending' })
        .where(eq(volunteerProfiles.userId, volunteer.id));
      const page = await open(await coordinator());
      await page.goto('/coordinator/volunteers?district=chuo');
      const card = page.locator(`#volunteer-${volunteer.id}`);
      await postThenGet(
        page,
        () => card.getByRole('button', { name: /確認して 活動中に する/ }).click(),
        'さんの 登録を 変えました。',
      );
      expect(new URL(page.url()).searchParams.get('district')).toBe('chuo');
      await expectNoAxeViolationsWithoutJs(page, 'volunteers after a verification');
    },
    JOURNEY_TIMEOUT_MS,
  );
});

describe('resident forms end in a GET (JavaScript off)', () => {
  test(
    'adding the helper role, a routine, a winter registration and a deletion request',
    async () => {
      const resident = await makeResident(server().database);
      const page = await open(resident);

      await page.goto('/');
      await postThenGet(
        page,
        () => page.getByRole('button', { name: '手伝う人としても 登録する' }).click(),
        '登録しました。',
      );
      await expectNoAxeViolationsWithoutJs(page, 'home after adding a role');

      await page.goto('/routine');
      for (const day of ['月', '木']) await page.getByLabel(day, { exact: true }).check();
      await page.getByLabel('ゴミ収集の 地区（カレンダーの 名前）').fill('中央 月・木');
      await postThenGet(
        page,
        () => page.getByRole('button', { name: '登録する' }).click(),
        '毎週の お手伝いを 登録しました。',
      );
      await postThenGet(
        page,
        () => page.locator('.routine-days li').first().getByRole('button').click(),
        '変更しました。',
      );
      await expectNoAxeViolationsWithoutJs(page, 'routine after a change');

      await page.goto('/winter');
      await page.getByLabel(/間口/).fill('8');
      await postThenGet(
        page,
        () => page.getByRole('button', { name: '登録する' }).click(),
        '冬の 除雪を 登録しました。',
      );
      await postThenGet(
        page,
        () => page.getByRole('button', { name: 'お休みする' }).click(),
        '登録を「',
      );
      await expectText(page.locator('#winter-status')).toContain('お休み中');
      await expectNoAxeViolationsWithoutJs(page, 'winter after a pause');

      await page.goto('/account');
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: '削除を 申し込む' }).click(),
      ]);
      expect(response?.request().method()).toBe('GET');
      expect(response?.request().redirectedFrom()?.method()).toBe('POST');
      await expectText(page.locator('#deletion-status')).toContain(
        '削除の 申し込みを 受け付けました',
      );
      await expectNoAxeViolationsWithoutJs(page, 'account after a deletion request');
    },
    JOURNEY_TIMEOUT_MS,
  );
});

describe('more forms end in a GET (JavaScript off)', () => {
  test(
    'a collection holiday, a snow declaration, a centre and a password change',
    async () => {
      const page = await open(await coordinator());
      await page.goto('/coordinator/collection-calendar');
      await page.getByLabel('日付').fill('2027-01-02');
      await page.getByLabel('メモ').fill('年始');
      await postThenGet(
        page,
        () => page.getByRole('button', { name: '追加する' }).click(),
        'を 保存しました。',
      );
      await expectNoAxeViolationsWithoutJs(page, 'collection calendar after a save');

      await page.goto('/coordinator/snow');
      await page.getByLabel('中央').check();
      await page.getByLabel('降った 雪の 量（cm）').fill('12');
      await postThenGet(
        page,
        () => page.getByRole('button', { name: '知らせる' }).click(),
        '作りました',
      );
      expect(new URL(page.url()).searchParams.get('date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await expectCount(page.locator('#snow-board tbody tr')).toBe(1);
      await expectNoAxeViolationsWithoutJs(page, 'snow board after a declaration');

      const council = await seedUser(server(), { roles: [{ role: 'council' }] });
      const staff = await open(council);
      await staff.goto('/council/centres');
      await staff.getByLabel('地区').selectOption('nagayama');
      await staff.getByLabel('センターの 名前').fill('永山地区センター（PRG）');
      await staff.getByLabel('状態').selectOption('planned');
      await postThenGet(
        staff,
        () => staff.getByRole('button', { name: '追加する' }).click(),
        '「永山地区センター（PRG）」を 保存しました。',
      );
      await expectNoAxeViolationsWithoutJs(staff, 'centres after an add');

      await staff.goto('/account/password');
      await staff.getByLabel('今の パスワード').fill(TEST_PASSWORD);
      await staff.getByLabel('新しい パスワード').fill('another-long-password-1');
      await postThenGet(
        staff,
        () => staff.getByRole('button', { name: '変更する' }).click(),
        'パスワードを 変更しました。',
      );
      await expectNoAxeViolationsWithoutJs(staff, 'password page after a change');
    },
    JOURNEY_TIMEOUT_MS,
  );
});

describe('imports end in a GET when they succeed (JavaScript off)', () => {
  test(
    'a JMA snowfall CSV and a district CSV: success redirects, a refused file shows its lines',
    async () => {
      const page = await open(await coordinator());
      await page.goto('/coordinator/snow/import');
      const sample = new TextDecoder('shift_jis').decode(
        readFileSync(
          new URL('../../services/api/test/fixtures/jma-asahikawa-snowfall.csv', import.meta.url),
        ),
      );
      // A refused file: the POST's own answer (400) lists the line; nothing was imported.
      await page.getByLabel('中央').check();
      await page
        .getByLabel('または CSV を 貼り付け')
        .fill(sample.replace('2026/11/30,15,', '2026/11/30,lots,'));
      const [refused] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: '取り込む' }).click(),
      ]);
      expect([refused?.request().method(), refused?.status()]).toEqual(['POST', 400]);
      await expectText(page.locator('.error-summary')).toContain('9行目');

      await page.getByLabel('中央').check();
      await page.getByLabel('または CSV を 貼り付け').fill(sample);
      await postThenGet(
        page,
        () => page.getByRole('button', { name: '取り込む' }).click(),
        '6日分を 読み',
      );
      await expectNoAxeViolationsWithoutJs(page, 'JMA import after its redirect');

      const council = await open(await seedUser(server(), { roles: [{ role: 'council' }] }));
      await council.goto('/council/districts/import');
      await council
        .getByLabel('または CSVを 貼り付ける')
        .fill('code,name,kana,lat,lon,name_en\nchuo,中央,ちゅうおう,43.7706,142.3650,Chuo');
      await postThenGet(
        council,
        () => council.getByRole('button', { name: '取り込む' }).click(),
        '1地区を 取り込みました',
      );
      await expectNoAxeViolationsWithoutJs(council, 'district import after its redirect');
    },
    JOURNEY_TIMEOUT_MS,
  );
});

/** `?page=` values that are not a page: each shows the first page (never a 4xx/5xx page). */
const oddPages = ['-1', '0', '99999999999', '%00', '1e3', 'abc', '2&page=3'];

describe('coordinator lists in pages (JavaScript off)', () => {
  test(
    'the inbox pages its unmatched requests with plain links',
    async () => {
      await seedRequests(53);
      const page = await open(await coordinator());
      await page.goto('/coordinator/inbox');
      const items = page.locator('#unmatched-title ~ ul > li');
      await expectCount(items).toBe(50);
      await expectText(page.locator('#unmatched-title')).toContain('以上');
      await page.getByRole('link', { name: '次の ページ' }).click();
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');
      await expectCount(items).toBe(3);
      await expectText(page.locator('#unmatched-title')).toContain('53件');
      await expectNoAxeViolationsWithoutJs(page, 'inbox page 2');
      await page.getByRole('link', { name: '前の ページ' }).click();
      await expectCount(items).toBe(50);

      for (const odd of oddPages) {
        const response = await page.goto(`/coordinator/inbox?page=${odd}`);
        expect(response?.status(), odd).toBe(200);
        await expectCount(items).toBe(50);
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'the approval queue pages its proposals; "approve all shown" approves that page only',
    async () => {
      const database = server().database;
      const requestIds = await seedRequests(53, 'matching');
      const volunteer = await makeVolunteer(database);
      for (const requestId of requestIds) {
        await proposeMatch(database.db, {
          requestId,
          volunteerId: volunteer.id,
          score: 2,
          breakdown: { total: 2, terms: [{ term: 'distance', points: 2, detail: '同じ地区' }] },
        });
      }
      const page = await open(await coordinator());
      await page.goto('/coordinator');
      const cards = page.locator('.proposal');
      await expectCount(cards).toBe(50);
      await expectText(page.locator('#queue-title')).toContain('53件');
      await page.getByRole('link', { name: '次の ページ' }).click();
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');
      await expectCount(cards).toBe(3);
      await expectNoAxeViolationsWithoutJs(page, 'approval queue page 2');

      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: /表示中の 3件 すべてを 承認する/ }).click(),
      ]);
      expect(response?.request().redirectedFrom()?.method()).toBe('POST');
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');
      await expectText(page.locator('main')).toContain('3件 承認しました。');
      const rows = (await database.db.select().from(matches)).filter((row) =>
        requestIds.includes(row.requestId),
      );
      const byStatus = (status: string) => rows.filter((row) => row.status === status).length;
      // The three latest requests (page 2) only; the first page's fifty still wait.
      expect([byStatus('offered'), byStatus('proposed')]).toEqual([3, 50]);

      for (const odd of oddPages) {
        const shown = await page.goto(`/coordinator?page=${odd}`);
        expect(shown?.status(), odd).toBe(200);
        await expectCount(cards).toBe(50);
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'the inbox pages its call list on its own, with the total',
    async () => {
      const database = server().database;
      const resident = await makeResident(database);
      const chuo = await districtIdOf(database, 'chuo');
      await database.db.insert(notifications).values(
        Array.from({ length: 53 }, () => ({
          userId: resident.id,
          eventKey: `match.accepted:${crypto.randomUUID()}`,
          eventType: 'match.accepted' as const,
          channel: 'phone_call' as const,
          template: 'match.accepted/v1',
          language: 'ja' as const,
          status: 'sent' as const,
          districtId: chuo,
        })),
      );
      const page = await open(await coordinator());
      await page.goto('/coordinator/inbox');
      const calls = page.locator('#calls-title ~ ul > li');
      await expectCount(calls).toBe(50);
      await expectText(page.locator('#calls-title')).toContain('53件');
      await page
        .getByRole('navigation', { name: '電話で 知らせる 方の ページ' })
        .getByRole('link', { name: '次の ページ' })
        .click();
      expect(new URL(page.url()).searchParams.get('callsPage')).toBe('2');
      await expectCount(calls).toBe(3);
      await expectNoAxeViolationsWithoutJs(page, 'inbox calls page 2');
      for (const odd of oddPages) {
        const value = odd.replace('page=', 'callsPage=');
        const shown = await page.goto(`/coordinator/inbox?callsPage=${value}`);
        expect(shown?.status(), odd).toBe(200);
        await expectCount(calls).toBe(50);
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    'the volunteers list pages by name, keeping the district',
    async () => {
      const database = server().database;
      for (let i = 0; i < 52; i += 1) await makeVolunteer(database);
      const page = await open(await coordinator());
      await page.goto('/coordinator/volunteers?district=chuo');
      const items = page.locator('main .item-list > li');
      await expectCount(items).toBe(50);
      await page.getByRole('link', { name: '次の ページ' }).click();
      const url = new URL(page.url());
      expect([url.searchParams.get('district'), url.searchParams.get('page')]).toEqual([
        'chuo',
        '2',
      ]);
      expect(await items.count()).toBeGreaterThanOrEqual(2);
      await expectNoAxeViolationsWithoutJs(page, 'volunteers page 2');
      for (const odd of oddPages) {
        const response = await page.goto(`/coordinator/volunteers?district=chuo&page=${odd}`);
        expect(response?.status(), odd).toBe(200);
        await expectCount(items).toBe(50);
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  test(
    '見守りケース are paged, keeping the status filter',
    async () => {
      const database = server().database;
      const { concernId } = await makeConcern(database);
      await database.db.execute(sql`
        with m as (
          insert into matches (request_id, volunteer_id, status, booked_during, exclusive)
          select request_id, volunteer_id, 'no_show', booked_during, false
          from matches, generate_series(1, 52)
          where id = (select match_id from concerns where id = ${concernId})
          returning id, request_id
        )
        insert into concerns (match_id, request_id, district_id, raised_by, note)
        select m.id, m.request_id, c.district_id, c.raised_by, c.note
        from m, concerns c where c.id = ${concernId}`);
      const page = await open(await coordinator());
      await page.goto('/coordinator/concerns?status=open');
      const items = page.locator('main .item--concern');
      await expectCount(items).toBe(50);
      await page.getByRole('link', { name: '次の ページ' }).click();
      const url = new URL(page.url());
      expect([url.searchParams.get('status'), url.searchParams.get('page')]).toEqual(['open', '2']);
      await expectCount(items).toBe(3);
      await expectNoAxeViolationsWithoutJs(page, 'concerns page 2');

      for (const odd of oddPages) {
        const response = await page.goto(`/coordinator/concerns?page=${odd}`);
        expect(response?.status(), odd).toBe(200);
        await expectCount(items).toBe(50);
      }

      // The inbox shows the first open cases and says there are more.
      await page.goto('/coordinator/inbox');
      await expectText(page.locator('#concerns-title')).toContain('以上');
      await page.getByRole('link', { name: '見守りケースを すべて 見る' }).click();
      expect(new URL(page.url()).pathname).toBe('/coordinator/concerns');
    },
    JOURNEY_TIMEOUT_MS,
  );
});
