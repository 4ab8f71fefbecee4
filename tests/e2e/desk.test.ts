/**
 * The coordinator's requests desk in Chromium with JavaScript off: the list of the district's
 * requests (never another district's), search by kana in the other script, a filter, sorting
 * by a column header, paging, a refused filter shown beside its field, and a tablet-wide
 * screen where only the table's own region scrolls sideways. axe-core checks each state.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { helpRequests, residentProfiles } from '@sasaeai/db/schema';
import {
  districtIdOf,
  makeResident,
  NAGAYAMA_ADDRESS,
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
