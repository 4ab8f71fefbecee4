/**
 * Council staff keep the town (町名) → district list with JavaScript off: search, move a town,
 * add one, import a CSV (a bad line is named and nothing is written); axe finds nothing.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { helpRequests } from '@sasaeai/db/schema';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  JOURNEY_TIMEOUT_MS,
  openPage,
  useBrowser,
} from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

describe('/council/towns', () => {
  test(
    'lists, searches, moves, adds and imports towns without JavaScript',
    async () => {
      const council = await seedUser(server(), { roles: [{ role: 'council' }] });
      const cookie = await sessionCookieFor(server(), council.email, TEST_PASSWORD);
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [cookie],
      });
      await page.goto('/council/towns');
      expect(await page.locator('#towns-table').textContent()).toContain('宮下通');
      await expectNoAxeViolationsWithoutJs(page, '/council/towns');
      const download = await apiRequest(
        server(),
        (await page.locator('a.csv-link').getAttribute('href')) ?? '',
        { headers: { cookie: `${cookie.name}=${cookie.value}` } },
      );
      expect(await download.text()).toContain('宮下通,みやしたどおり,chuo,0');

      await page.locator('#q').fill('かめ');
      await page.getByRole('button', { name: '探す', exact: true }).click();
      await page.waitForURL(/q=/);
      expect(await page.locator('#towns-table tbody tr').count()).toBe(1);

      await page.getByRole('link', { name: '亀吉を 変更' }).click();
      expect(await page.locator('#town-town').inputValue()).toBe('亀吉');
      await page.locator('#town-district').selectOption('toyooka');
      await page.getByRole('button', { name: '保存する' }).click();
      await page.locator('.notice--success').waitFor();
      expect(await page.locator('.notice--success').textContent()).toContain('地区を 変更しました');
      await expectNoAxeViolationsWithoutJs(page, '/council/towns (moved)');

      // An empty town name: a field error, linked from the summary.
      await page.locator('#town-district').selectOption('chuo');
      await page.getByRole('button', { name: '保存する' }).click();
      await page.locator('.error-summary').waitFor();
      expect(await page.locator('#town-town-error').count()).toBe(1);
      await expectNoAxeViolationsWithoutJs(page, '/council/towns (field error)');

      await page.locator('#csv').fill('宮前,みやまえ,kamui\n宮下通,みやしたどおり,nowhere\n');
      await page.getByRole('button', { name: '取り込む' }).click();
      await page.locator('.error-summary').waitFor();
      expect(await page.locator('.error-summary').textContent()).toContain('2行目');
      expect(await page.locator('#csv').inputValue()).toContain('nowhere');
      await expectNoAxeViolationsWithoutJs(page, '/council/towns (CSV error)');

      await page.locator('#csv').fill('town,kana,district\n新しい町,あたらしいまち,kamui\n');
      await page.getByRole('button', { name: '取り込む' }).click();
      await page.locator('.notice--success').waitFor();
      expect(await page.locator('.notice--success').textContent()).toContain('1件');

      const response = await apiRequest(server(), '/api/council/towns?q=%E5%AE%AE%E5%89%8D', {
        headers: { cookie: `${cookie.name}=${cookie.value}` },
      });
      const body = (await response.json()) as { towns: { town: string; district: string }[] };
      expect(body.towns.find((row) => row.town === '宮前')?.district).toBe('chuo');
    },
    JOURNEY_TIMEOUT_MS,
  );
});

describe('towns in English and for others', () => {
  test('the page in English (JavaScript on) has no axe violation; a resident gets 403', async () => {
    const council = await seedUser(server(), { roles: [{ role: 'council' }] });
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      locale: 'en-GB',
      cookies: [await sessionCookieFor(server(), council.email, TEST_PASSWORD)],
    });
    await page.goto('/council/towns');
    expect(await page.locator('h1').textContent()).toContain('Towns and their districts');
    await expectNoAxeViolations(page, '/council/towns (en)');

    const resident = await seedUser(server(), { roles: [{ role: 'resident' }] });
    const other = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [await sessionCookieFor(server(), resident.email, TEST_PASSWORD)],
    });
    expect((await other.page.goto('/council/towns'))?.status()).toBe(403);
  });
});

describe('an address no town on the list places', () => {
  test(
    'waits for a coordinator, who chooses its district without JavaScript',
    async () => {
      const coordinator = await seedUser(server(), {
        roles: [{ role: 'coordinator', district: 'chuo' }],
      });
      const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
      const tomorrow = new Date(Date.now() + 33 * 3_600_000).toISOString().slice(0, 10);
      const created = await apiRequest(server(), '/api/help-requests', {
        method: 'POST',
        headers: { cookie: `${cookie.name}=${cookie.value}` },
        body: JSON.stringify({
          category: 'snow',
          when: { kind: 'window', date: tomorrow, from: '08:00', to: '11:00' },
          where: { kind: 'profile' },
          peopleNeeded: 1,
          urgency: 'normal',
          onBehalfOf: {
            kind: 'new',
            fullName: '旭川 花子',
            fullNameKana: 'あさひかわ はなこ',
            phone: '0166-00-0000',
            address: '旭川市未登録町1丁目',
            consentByPhone: true,
          },
        }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const id = ((await created.json()) as { request: { id: string } }).request.id;

      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled: false,
        cookies: [cookie],
      });
      await page.goto(`/coordinator/requests/${id}`);
      await page.locator('#place-district').waitFor();
      await expectNoAxeViolationsWithoutJs(page, '/coordinator/requests/[id] (unplaced)');
      await page.locator('#place-district').selectOption('kamui');
      await page.getByRole('button', { name: '地区を 決める' }).click();
      await page.waitForURL(/\/coordinator\/inbox/);
      const [row] = await server()
        .database.db.select()
        .from(helpRequests)
        .where(eq(helpRequests.id, id));
      expect(row).toMatchObject({ status: 'open', unmatchedReason: null });
    },
    JOURNEY_TIMEOUT_MS,
  );
});
