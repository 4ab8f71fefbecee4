/**
 * The council dashboard (issue 5) through the real pages in Chromium: council staff see the
 * plan's indicators as tables and server-rendered SVG charts, enter and correct a value with
 * JavaScript off and on (bad values get field errors), filter the district activity and download
 * its CSV (UTF-8 with BOM); a coordinator sees only their own district; a resident is refused;
 * centres and the district CSV import show the API's field and line errors; the public page needs
 * no log-in. axe-core checks every council page, in Japanese and English.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { fiscalYearOf } from '@sasaeai/core';
import { helpRequests, matches } from '@sasaeai/db/schema';
import {
  districtIdOf,
  makeResident,
  makeVolunteer,
} from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  openPage,
  useBrowser,
  waitForEnhanced,
} from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

type Cookie = { name: string; value: string };
type Person = { id: string; email: string; password: string };

const currentFy = fiscalYearOf(new Date());
const reiwa = (fy: number) => `令和${fy - 2018 === 1 ? '元' : String(fy - 2018)}年度（${fy}年度）`;

let council: Person;
let coordinator: Person;
let resident: Person;

/** Requests straight in the database, all created an hour ago (this fiscal year, this month). */
async function seedRequests(
  code: string,
  statuses: ('open' | 'done' | 'cancelled')[],
  category: 'snow' | 'weeding' = 'snow',
) {
  const database = server().database;
  const owner = await makeResident(database);
  const districtId = await districtIdOf(database, code);
  const createdAt = new Date(Date.now() - 3_600_000);
  const ids: string[] = [];
  for (const status of statuses) {
    const windowStart = new Date(createdAt.getTime() + 48 * 3_600_000);
    const [row] = await database.db
      .insert(helpRequests)
      .values({
        residentId: owner.id,
        createdBy: owner.id,
        districtId,
        category,
        status,
        address: '旭川市',
        windowStart,
        windowEnd: new Date(windowStart.getTime() + 3_600_000),
        createdAt,
      })
      .returning({ id: helpRequests.id });
    ids.push(row!.id);
  }
  return { ids, createdAt };
}

/** A volunteer proposed for a request half an hour after it was made (0.5 h to match). */
async function seedProposal(requestId: string, createdAt: Date) {
  const database = server().database;
  const volunteer = await makeVolunteer(database, 'nagayama');
  const start = new Date(createdAt.getTime() + 48 * 3_600_000);
  await database.db.insert(matches).values({
    requestId,
    volunteerId: volunteer.id,
    bookedDuring: `[${start.toISOString()},${new Date(start.getTime() + 3_600_000).toISOString()})`,
    createdAt: new Date(createdAt.getTime() + 1_800_000),
  });
}

beforeAll(async () => {
  council = await seedUser(server(), { roles: [{ role: 'council' }] });
  coordinator = await seedUser(server(), { roles: [{ role: 'coordinator', district: 'chuo' }] });
  resident = await seedUser(server(), { roles: [{ role: 'resident' }] });
  // 中央: 10 requests (4 done, 1 cancelled), 8 snow + 2 weeding; 永山: 2 open snow requests,
  // one with a volunteer proposed after half an hour.
  await seedRequests('chuo', ['done', 'done', 'done', 'done', 'cancelled', 'open', 'open', 'open']);
  await seedRequests('chuo', ['open', 'open'], 'weeding');
  const nagayama = await seedRequests('nagayama', ['open', 'open']);
  await seedProposal(nagayama.ids[0]!, nagayama.createdAt);
});

// One session per person for the whole file: log-in is rate limited per address and account.
const sessions = new Map<string, Promise<Cookie>>();
function cookieOf(person: Person): Promise<Cookie> {
  let cookie = sessions.get(person.email);
  if (!cookie) {
    cookie = sessionCookieFor(server(), person.email, TEST_PASSWORD);
    sessions.set(person.email, cookie);
  }
  return cookie;
}

async function open(
  person: Person | null,
  options: { javaScriptEnabled?: boolean; locale?: string } = {},
): Promise<Page> {
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(person ? { cookies: [await cookieOf(person)] } : {}),
  });
  return page;
}

async function visit(page: Page, path: string, enhanced = true) {
  const response = await page.goto(path);
  if (enhanced) await waitForEnhanced(page);
  return response;
}

/** The cells of a table row whose header cell contains `header`. */
async function rowCells(page: Page, tableId: string, header: string): Promise<string[]> {
  const cell = page.locator(`#${tableId} th[scope="row"]`, { hasText: header }).first();
  if ((await cell.count()) === 0) return [];
  return (await cell.locator('xpath=..').locator('td').allTextContents()).map((text) =>
    text.trim(),
  );
}

describe('indicators overview', () => {
  test('council staff see the 35 indicators in tables, with status, fiscal years and SVG charts', async () => {
    const page = await open(council);
    const response = await visit(page, '/council');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      '計画の 進みぐあい',
    );
    // Four visions, 35 indicator rows in real tables with captions and scoped headers.
    expect(await page.locator('table.kpi-table').count()).toBe(4);
    expect(await page.locator('table.kpi-table tbody tr').count()).toBe(35);
    expect(await page.locator('table.kpi-table caption').first().textContent()).toContain(
      '基本目標 1',
    );
    expect(await page.locator('table.kpi-table th[scope="row"]').count()).toBe(35);

    // The status summary counts every indicator once.
    const counted = (await page.locator('.kpi-summary li').allTextContents()).map((text) =>
      Number(/(\d+)件/.exec(text)?.[1] ?? NaN),
    );
    expect(counted.reduce((a, b) => a + b, 0)).toBe(35);
    expect(await page.locator('[data-summary="council.status.no_data"]').count()).toBe(1);

    // Volunteers (individual): baseline 525 (令和4年度), target 700 (令和11年度), live count.
    const individuals = page.locator('tr[data-code="V2-2-b-individual"]');
    const text = (await individuals.textContent()) ?? '';
    expect(text).toContain('525人');
    expect(text).toContain('700人');
    expect(text).toContain(reiwa(2022));
    expect(text).toContain(reiwa(2029));
    expect(text).toContain(reiwa(currentFy));
    // No one is registered in this database: far behind the straight line.
    expect(await individuals.locator('[data-status]').getAttribute('data-status')).toBe('behind');

    // ↗ and 継続 targets carry no invented number.
    const increase = page.locator('tr[data-code="V2-1-a"]');
    expect(await increase.locator('td').nth(3).textContent()).toContain('↗ 増やす');
    expect(await increase.locator('td').nth(4).textContent()).toContain(
      '数値の 目標では ありません',
    );
    const cont = page.locator('tr[data-code="V1-2-d"]');
    expect(await cont.locator('td').nth(3).textContent()).toContain('継続');

    // The four system indicators (centres, volunteers ×2, 見守り 相談件数) each have an SVG chart
    // with a name, and the same figures in a table.
    const charts = page.locator('.kpi-system svg[role="img"]');
    expect(await charts.count()).toBe(4);
    for (const chart of await charts.all()) {
      const labelledBy = (await chart.getAttribute('aria-labelledby')) ?? '';
      const [titleId, descId] = labelledBy.split(' ');
      expect(await page.locator(`[id="${titleId}"]`).textContent()).toMatch(/計画の線と 実績/);
      expect(await page.locator(`[id="${descId}"]`).textContent()).toContain('同じ 数字は 下の 表');
      expect(await chart.locator('polyline').count()).toBeGreaterThan(0);
    }
    // 相談件数 says where its figure comes from, beside the figure.
    expect(await page.locator('tr[data-code="V3-1-b"]').first().textContent()).toContain(
      '見守りケース 0 + コーディネーターの相談記録 0',
    );
    const centresTable = page.locator('.kpi-system', {
      hasText: '地区ボランティアセンター設置の推進',
    });
    const pathRow = centresTable.locator('tr', { hasText: reiwa(2029) });
    expect(await pathRow.locator('td').first().textContent()).toContain('11か所');

    // Print: the report link, and a print stylesheet that hides the menus but keeps the tables.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.sub-nav').isVisible()).toBe(false);
    expect(await page.locator('table.kpi-table').first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await expectNoAxeViolations(page, '/council');
  });

  test('the overview works without JavaScript and in English', async () => {
    const page = await open(council, { javaScriptEnabled: false, locale: 'en-GB' });
    await visit(page, '/council', false);
    expect(await page.locator('table.kpi-table tbody tr').count()).toBe(35);
    const individuals = page.locator('tr[data-code="V2-2-b-individual"]');
    expect(await individuals.textContent()).toContain('FY2029');
    expect(await page.locator('tr[data-code="V2-1-a"] td').nth(3).textContent()).toContain(
      '↗ increase',
    );
    expect(await page.locator('svg[role="img"] title').count()).toBeGreaterThanOrEqual(3);
    await expectNoAxeViolationsWithoutJs(page, '/council (en, no JS)');
  });

  test('the printable report carries every indicator and the activity table', async () => {
    const page = await open(council);
    await visit(page, '/council/report');
    expect(await page.locator('table.kpi-table tbody tr').count()).toBe(35);
    expect(await page.locator('table.kpi-table a').count()).toBe(0);
    expect(await rowCells(page, 'report-district', '中央')).toContain('10');
    expect((await rowCells(page, 'report-district', '合計'))[2]).toMatch(/^0\.5時間$/);
    expect(await page.locator('.as-of').textContent()).toContain('現在の 数字です。');
    await expect(page.getByRole('button', { name: '印刷する' }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page, '/council/report');
  });
});

describe('entering indicator values', () => {
  const path = '/council/indicators/V2-1-b';

  test('with JavaScript off: a bad value gets field errors, a good one is saved', async () => {
    const page = await open(council, { javaScriptEnabled: false });
    await visit(page, path, false);
    expect(await page.locator('h1').textContent()).toContain('世代間交流の推進');

    await page.locator('#fiscalYear').selectOption(String(currentFy - 1));
    await page.getByLabel('値（単位：か所）').fill('たくさん');
    await page.getByRole('button', { name: '値を 保存する' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#value-error').textContent()).toContain('数字で 入力して');
    expect(await page.locator('#value').getAttribute('aria-invalid')).toBe('true');
    expect(await page.title()).toMatch(/^エラー：/);
    await expectNoAxeViolationsWithoutJs(page, `${path} with errors (no JS)`);

    // The API's own validation (note too long) lands on its field.
    await page.getByLabel('値（単位：か所）').fill('８５');
    await page.getByLabel('メモ（任意）').fill('あ'.repeat(1001));
    await page.getByRole('button', { name: '値を 保存する' }).click();
    await page.locator('#note-error').waitFor();
    expect(await page.locator('#note-error').textContent()).toContain('1000文字以内');
    // Nothing was written.
    expect(await page.locator('#history-table').count()).toBe(0);

    await page.getByLabel('メモ（任意）').fill('ふれあいサロン 実績報告');
    await page.getByRole('button', { name: '値を 保存する' }).click();
    await page.locator('.notice--success').waitFor();
    expect(await page.locator('.notice--success').textContent()).toContain(reiwa(currentFy - 1));
    const cells = await rowCells(page, 'history-table', reiwa(currentFy - 1));
    expect(cells[0]).toBe('85か所');
    expect(cells[1]).toBe('ふれあいサロン 実績報告');
    expect(cells[4]).toBe('この 年度の 値');
  });

  test('with JavaScript on: a correction keeps the old value in the history', async () => {
    const page = await open(council);
    await visit(page, path);
    await page.locator('#fiscalYear').selectOption(String(currentFy - 1));
    await page.getByLabel('値（単位：か所）').fill('');
    await page.getByRole('button', { name: '値を 保存する' }).click();
    await page.locator('#value-error').waitFor();
    expect(await page.locator('#value-error').textContent()).toContain('値を 入力して');

    await page.getByLabel('値（単位：か所）').fill('87');
    await page.getByRole('button', { name: '値を 保存する' }).click();
    await page.locator('.notice--success').waitFor();
    await page.locator('#history-table tbody tr').nth(1).waitFor();
    const rows = page.locator('#history-table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('87か所');
    expect(await rows.nth(0).getAttribute('data-current')).toBe('true');
    expect(await rows.nth(1).textContent()).toContain('85か所');
    expect(await rows.nth(1).textContent()).toContain('訂正前の 値');
    // The chart now has the value, and the overview shows it as the latest.
    expect(await page.locator('svg[role="img"] circle').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, path);

    await visit(page, '/council');
    expect(await page.locator('tr[data-code="V2-1-b"]').textContent()).toContain('87か所');
  });

  test('a system indicator offers no form, a 継続 one asks for words', async () => {
    const page = await open(council);
    await visit(page, '/council/indicators/V4-2-b');
    expect(await page.locator('#value').count()).toBe(0);
    expect(await page.locator('#enter').locator('..').textContent()).toContain('自動で 数える');
    await visit(page, '/council/indicators/V1-2-d');
    await page.getByLabel('実施の 状況').fill('実施');
    await page.getByRole('button', { name: '値を 保存する' }).click();
    await page.locator('.notice--success').waitFor();
    expect(await page.locator('#history-table').textContent()).toContain('実施');
    await expectNoAxeViolations(page, '/council/indicators/V1-2-d');
  });
});

describe('activity', () => {
  test('council staff filter by district and category, and download a BOM-prefixed CSV', async () => {
    const page = await open(council);
    await visit(page, '/council/activity');
    // 中央: 10 requests, none matched yet (0%), 4 completed, 1 cancelled.
    const chuo = await rowCells(page, 'table-district', '中央');
    expect([chuo[0], chuo[1], chuo[4], chuo[5]]).toEqual(['10', '0%', '4', '1']);
    expect((await rowCells(page, 'table-district', '永山'))[0]).toBe('2');
    expect((await rowCells(page, 'table-category', '草取り（除草）'))[0]).toBe('2');
    expect(await page.locator('#chart-month-title').count()).toBe(1);
    expect(await page.locator('#chart-district-title').count()).toBe(1);
    expect(await page.locator('svg[role="img"]').count()).toBe(2);
    await expectNoAxeViolations(page, '/council/activity');

    // The GET form: 中央, weeding only.
    await page.locator('#filter-district').selectOption('chuo');
    await page.locator('#filter-category').selectOption('weeding');
    await page.getByRole('button', { name: 'この 条件で 表示する' }).click();
    await page.waitForURL(/district=chuo/);
    expect(page.url()).toContain('category=weeding');
    expect(await page.locator('[data-total="requests"]').textContent()).toBe('2');
    expect(await page.locator('#table-district tbody tr').count()).toBe(1);

    const link = page.locator('a.csv-link').first();
    expect(await link.getAttribute('href')).toBe(
      `/api/council/activity.csv?fiscalYear=${currentFy}&district=chuo&category=weeding`,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`sasaeai-activity-FY${currentFy}-chuo-weeding.csv`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toContain('地区コード / District code');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^chuo,中央,Chuo,\d{4}-\d{2},weeding,2,/);
  });

  test('total rows carry the exact median from the API, and the figures say when they are from', async () => {
    const page = await open(council, { javaScriptEnabled: false });
    await visit(page, '/council/activity', false);
    // The one matched request (永山) took half an hour: the total row's median is that, not "—".
    const total = await rowCells(page, 'table-district', '合計');
    expect(total[0]).toBe('12');
    expect(total[2]).not.toBe('—');
    expect(total[2]).toMatch(/^0\.5時間$/);
    expect((await rowCells(page, 'table-month', '合計'))[2]).toMatch(/^0\.5時間$/);
    expect((await rowCells(page, 'table-category', '合計'))[2]).toMatch(/^0\.5時間$/);
    const asOf = (await page.locator('.as-of').textContent())?.trim() ?? '';
    expect(asOf).toMatch(/^\d{1,2}月\d{1,2}日.* 現在の 数字です。$/);
    expect(await page.locator('main').textContent()).not.toContain('延べ');
    await expectNoAxeViolationsWithoutJs(page, '/council/activity (totals, no JS)');

    const en = await open(council, { locale: 'en-GB' });
    await visit(en, '/council/activity');
    expect(await en.locator('.as-of').textContent()).toMatch(/Figures as of .+ \(Japan time\)/);
    expect(await en.locator('main').textContent()).not.toContain('person-months');
  });

  test('a coordinator sees only their own district, without JavaScript too', async () => {
    const page = await open(coordinator, { javaScriptEnabled: false });
    const response = await visit(page, '/council/activity', false);
    expect(response?.status()).toBe(200);
    expect(await page.locator('.notice--info').textContent()).toContain('中央');
    expect((await rowCells(page, 'table-district', '中央'))[0]).toBe('10');
    expect(await page.locator('#table-district').textContent()).not.toContain('永山');
    const options = await page.locator('#filter-district option').allTextContents();
    expect(options.map((o) => o.trim())).toEqual(['担当の 地区 すべて', '中央']);
    // A district that is not theirs in the URL is ignored, not shown.
    await visit(page, '/council/activity?district=nagayama', false);
    expect(await page.locator('#table-district').textContent()).not.toContain('永山');
    // The staff pages stay closed to them.
    expect((await visit(page, '/council', false))?.status()).toBe(403);
    expect((await visit(page, '/council/centres', false))?.status()).toBe(403);
    await visit(page, '/council/activity', false);
    await expectNoAxeViolationsWithoutJs(page, '/council/activity (coordinator)');
  });

  test('the activity page in English has no axe violation', async () => {
    const page = await open(council, { locale: 'en-GB' });
    await visit(page, '/council/activity');
    expect(await page.locator('#table-district caption').textContent()).toContain(
      'Activity by district',
    );
    // District names in English: the table, its chart and the filter; no Japanese name left.
    expect((await rowCells(page, 'table-district', 'Chuo'))[0]).toBe('10');
    expect((await rowCells(page, 'table-district', 'Nagayama'))[0]).toBe('2');
    const options = await page.locator('#filter-district option').allTextContents();
    expect(options.map((o) => o.trim())).toContain('Shin-Asahikawa');
    const text = (await page.locator('main').textContent()) ?? '';
    for (const name of ['中央', '永山', '新旭川', '神楽']) expect(text).not.toContain(name);
    await expectNoAxeViolations(page, '/council/activity (en)');
  });

  test('on a phone-sized screen the wide tables scroll inside keyboard-reachable regions', async () => {
    const page = await open(council);
    await page.setViewportSize({ width: 390, height: 800 });
    await visit(page, '/council/activity');
    const region = page.locator('[role="region"][aria-labelledby="table-district-caption"]');
    expect(await region.getAttribute('tabindex')).toBe('0');
    const { scrollWidth, clientWidth } = await region.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // The page itself does not scroll sideways.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await expectNoAxeViolations(page, '/council/activity (390 px)');
    await visit(page, '/council');
    await expectNoAxeViolations(page, '/council (390 px)');
  });
});

describe('every council page in English', () => {
  test('has English words and no axe violation', async () => {
    const page = await open(council, { locale: 'en-GB' });
    const pages: [string, string][] = [
      ['/council/indicators/V2-1-b', 'Enter a value'],
      ['/council/centres', 'Volunteer centres'],
      ['/council/districts/import', 'Import districts (CSV)'],
      ['/council/report', 'Report to the city assembly'],
    ];
    for (const [path, words] of pages) {
      await visit(page, path);
      expect(await page.locator('main').textContent(), path).toContain(words);
      await expectNoAxeViolations(page, `${path} (en)`);
    }
  });
});

describe('who may see the council pages', () => {
  test('a resident is refused every council page', async () => {
    const page = await open(resident, { javaScriptEnabled: false });
    for (const path of [
      '/council',
      '/council/activity',
      '/council/indicators/V2-1-b',
      '/council/centres',
      '/council/districts/import',
      '/council/report',
    ]) {
      const response = await visit(page, path, false);
      expect(response?.status(), path).toBe(403);
    }
    expect(await page.locator('h1').textContent()).toContain('403');
    expect(await page.locator('.site-nav').textContent()).not.toContain('計画の 進みぐあい');
  });

  test('someone signed out is sent to log in', async () => {
    const page = await open(null, { javaScriptEnabled: false });
    await visit(page, '/council', false);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/council');
  });

  test('the menu links council staff to the dashboard and coordinators to the activity', async () => {
    const staffPage = await open(council, { javaScriptEnabled: false });
    await visit(staffPage, '/', false);
    const nav = (p: Page, name: string) => p.locator('.site-nav').getByRole('link', { name });
    expect(await nav(staffPage, '計画の 進みぐあい').count()).toBe(1);
    const coordPage = await open(coordinator, { javaScriptEnabled: false });
    await visit(coordPage, '/', false);
    expect(await nav(coordPage, '計画の 進みぐあい').count()).toBe(0);
    expect(await nav(coordPage, '地区の 活動の 集計').count()).toBe(1);
  });
});

describe('centres and districts', () => {
  test('centres: the list, an add with field errors from the API, then a good add and an edit', async () => {
    const page = await open(council);
    await visit(page, '/council/centres');
    const before = await page.locator('#centres-table tbody tr').count();
    await page.getByLabel('地区').selectOption('nagayama');
    await page.getByLabel('センターの 名前').fill('永山地区ボランティアセンター（テスト）');
    await page.getByLabel('状態').selectOption('open');
    await page.getByRole('button', { name: '追加する' }).click();
    await page.locator('#openedOn-error').waitFor();
    expect(await page.locator('#openedOn-error').textContent()).toContain('開設日が必要');
    await expectNoAxeViolations(page, '/council/centres with errors');

    await page.getByLabel('開設日').fill('2026-04-01');
    await page.getByRole('button', { name: '追加する' }).click();
    await page.locator('.notice--success').waitFor();
    await page.locator('#centres-table tbody tr').nth(before).waitFor();
    const row = page.locator('#centres-table tr', {
      hasText: '永山地区ボランティアセンター（テスト）',
    });
    expect(await row.textContent()).toContain('開設済み');
    expect(await row.textContent()).toContain('2026年4月1日');

    await row.getByRole('link').click();
    await page.waitForURL(/\/council\/centres\/[0-9a-f-]{36}$/);
    await waitForEnhanced(page);
    expect(await page.getByLabel('センターの 名前').inputValue()).toBe(
      '永山地区ボランティアセンター（テスト）',
    );
    await page.getByLabel('状態').selectOption('closed');
    await page.getByLabel('閉鎖日').fill('2026-03-01');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.locator('#closedOn-error').waitFor();
    expect(await page.locator('#closedOn-error').textContent()).toContain('開設日より後');
    await expectNoAxeViolations(page, '/council/centres/[id] with errors');
  });

  test('district import: any bad line imports nothing and names the line and field', async () => {
    const page = await open(council, { javaScriptEnabled: false });
    await visit(page, '/council/districts/import', false);
    await expectNoAxeViolationsWithoutJs(page, '/council/districts/import');
    const csv = [
      'code,name,kana,lat,lon',
      'test-one,テスト一,てすといち,43.7,142.3',
      'test-two,テスト二,てすとに,north,142.4',
    ].join('\n');
    await page.getByLabel('または CSVを 貼り付ける').fill(csv);
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.locator('.error-summary').waitFor();
    const summary = (await page.locator('.error-summary').textContent()) ?? '';
    expect(summary).toContain('何も取り込んでいません');
    expect(summary).toContain('3行目の緯度(lat)');
    expect(await page.locator('#csv').inputValue()).toBe(csv);
    await expectNoAxeViolationsWithoutJs(page, '/council/districts/import with errors');

    const districts = async () =>
      (
        (await (await apiRequest(server(), '/api/districts')).json()) as {
          districts: { code: string }[];
        }
      ).districts.map((d) => d.code);
    expect(await districts()).not.toContain('test-one');

    await page.getByLabel('または CSVを 貼り付ける').fill(csv.replace('north', '43.8'));
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.locator('.notice--success').waitFor();
    expect(await page.locator('.notice--success').textContent()).toContain(
      '2地区を 取り込みました',
    );
    expect(await districts()).toEqual(expect.arrayContaining(['test-one', 'test-two']));
  });
});

describe('the public page', () => {
  test('shows city-wide totals to anyone, naming only districts with 10 or more requests', async () => {
    const page = await open(null);
    const response = await visit(page, '/public');
    expect(response?.status()).toBe(200);
    expect(await page.locator('[data-total="requests"]').textContent()).toBe('12件');
    expect(await page.locator('[data-total="completed"]').textContent()).toBe('4件');
    expect(await page.locator('[data-total="centres"]').textContent()).toMatch(/目標 11か所/);
    expect(await rowCells(page, 'public-districts', '中央')).toEqual(['10', '4']);
    expect(await page.locator('#public-districts').textContent()).not.toContain('永山');
    expect(await page.locator('main').textContent()).toContain('1地区は 依頼が 少ないため');
    expect(await page.locator('svg[role="img"]').count()).toBe(1);
    expect(await page.locator('.as-of').textContent()).toMatch(
      /\d{1,2}月\d{1,2}日.* 現在の 数字です。/,
    );
    await expectNoAxeViolations(page, '/public');

    const en = await open(null, { locale: 'en-GB' });
    await visit(en, '/public');
    expect(await en.locator('h1').textContent()).toBe('Sasaeai in numbers');
    expect(await en.locator('main').textContent()).toContain('Chuo');
    expect(await en.locator('main').textContent()).not.toContain('中央');
    expect(await en.locator('.as-of').textContent()).toContain('Figures as of');
    await expectNoAxeViolations(en, '/public (en)');
  });
});

describe('paper registers beside the app’s count', () => {
  test('with JavaScript off: staff enter this year’s paper registrations and see both parts', async () => {
    const path = '/council/indicators/V2-2-b-individual';
    const page = await open(council, { javaScriptEnabled: false });
    await visit(page, path, false);
    const summary = page.locator('dl.summary');
    expect(await summary.textContent()).toContain('センターの 紙の 登録は 今年度 未入力');

    await page.locator('#fiscalYear').selectOption(String(currentFy));
    const field = page.getByLabel('紙で 登録した 数', { exact: false });
    await field.fill('-3');
    await page.getByRole('button', { name: '値を 保存する' }).click();
    await page.locator('#value-error').waitFor();
    expect(await page.locator('#value-error').textContent()).toContain('0以上の整数');
    await expectNoAxeViolationsWithoutJs(page, `${path} with errors (no JS)`);

    await page.getByLabel('紙で 登録した 数', { exact: false }).fill('１２');
    await page.getByRole('button', { name: '値を 保存する' }).click();
    await page.locator('.notice--success').waitFor();
    await visit(page, path, false);
    expect(await summary.textContent()).toContain('センターの 紙の 登録 12（今年度）');
    const current = await rowCells(page, 'history-table', reiwa(currentFy));
    expect(current[1]).toContain('紙 12');
    await expectNoAxeViolationsWithoutJs(page, `${path} (no JS)`);
  });
});
