/**
 * District names in the reader's language (issue 14 item 5): a coordinator reading in English
 * sees 中央 as "Chuo" and 新旭川 as "Shin-Asahikawa" on the home page, the requests desk (filter and rows), the volunteers and
 * settings pages — and no Japanese district name anywhere in the page's main text. axe-core
 * checks each page.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DEMO_DISTRICTS } from '@sasaeai/db/seed';
import { helpRequests } from '@sasaeai/db/schema';
import { districtIdOf, makeResident } from '../../services/api/test/help-loop-fixtures.ts';
import { expectNoAxeViolations, expectText, openPage, useBrowser } from './browser.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

let cookie: { name: string; value: string };

beforeAll(async () => {
  const database = server().database;
  const coordinator = await seedUser(server(), {
    roles: [
      { role: 'coordinator', district: 'chuo' },
      { role: 'coordinator', district: 'shin-asahikawa' },
    ],
  });
  cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
  // One request in 中央, so the desk has a row naming its district.
  const owner = await makeResident(database);
  const windowStart = new Date(Date.now() + 48 * 3_600_000);
  await database.db.insert(helpRequests).values({
    residentId: owner.id,
    createdBy: owner.id,
    districtId: await districtIdOf(database, 'chuo'),
    category: 'snow',
    status: 'open',
    address: '旭川市5条通9丁目3-12',
    windowStart,
    windowEnd: new Date(windowStart.getTime() + 3_600_000),
  });
});

/** No district's Japanese name in the main text of an English page. */
async function expectNoJapaneseDistrictNames(text: string | null, where: string) {
  for (const { name } of DEMO_DISTRICTS) expect(text, `${where}: ${name}`).not.toContain(name);
}

describe('a coordinator reading in English', () => {
  test('sees the district in English on every page, and the pages pass axe', async () => {
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      locale: 'en-GB',
      cookies: [cookie],
    });
    const main = page.locator('main');

    await page.goto('/');
    const listed = await main.locator('.district-list li').allTextContents();
    expect(listed.map((name) => name.trim()).sort()).toEqual(['Chuo', 'Shin-Asahikawa']);
    await expectNoJapaneseDistrictNames(await main.textContent(), '/');
    await expectNoAxeViolations(page, '/ (en, coordinator)');

    await page.goto('/coordinator/requests');
    const options = await main.locator('#desk-district option').allTextContents();
    expect(options.map((o) => o.trim()).slice(1)).toEqual(['Chuo', 'Shin-Asahikawa']);
    await expectText(main.locator('table')).toContain('Chuo');
    await expectNoJapaneseDistrictNames(await main.textContent(), '/coordinator/requests');
    await expectNoAxeViolations(page, '/coordinator/requests (en)');

    await page.goto('/coordinator/volunteers?district=shin-asahikawa');
    const chooser = await main.locator('select#district option').allTextContents();
    expect(chooser.map((o) => o.trim())).toEqual(['Chuo', 'Shin-Asahikawa']);
    await expectText(main.locator('h2').first()).toBe('Volunteers of Shin-Asahikawa');
    await expectNoJapaneseDistrictNames(await main.textContent(), '/coordinator/volunteers');
    await expectNoAxeViolations(page, '/coordinator/volunteers (en)');

    await page.goto('/coordinator/settings');
    await expectText(main).toContain('Settings of Chuo');
    await expectNoJapaneseDistrictNames(await main.textContent(), '/coordinator/settings');
    await expectNoAxeViolations(page, '/coordinator/settings (en)');
  });

  test('in Japanese the same pages keep the Japanese name', async () => {
    const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
    await page.goto('/coordinator/volunteers');
    await expectText(page.locator('main h2').first()).toContain('中央');
  });
});
