/**
 * The resident register with JavaScript off: a coordinator searches it, corrects a record (a bad
 * phone is a field error), merges a duplicate found by its kana, and takes a phoned-in request
 * for someone already registered — from the search and from the duplicate suggestion — so that
 * no second resident is created. axe-core checks each state.
 */
import { describe, expect, test } from 'vitest';
import { count, eq, inArray } from 'drizzle-orm';
import { helpRequests, residentProfiles } from '@sasaeai/db/schema';
import { makeUser } from '../../services/api/test/helper.ts';
import { districtIdOf, NAGAYAMA_ADDRESS } from '../../services/api/test/help-loop-fixtures.ts';
import { makePhonedIn } from '../../services/api/test/resident-register-fixtures.ts';
import {
  expectCount,
  expectNoAxeViolationsWithoutJs,
  expectText,
  openPage,
  useBrowser,
} from './browser.ts';
import { sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

describe('the resident register', () => {
  test('search, edit, merge and intake from the register, with JavaScript off', async () => {
    const database = server().database;
    const coordinator = await makeUser(database, {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const kept = await makePhonedIn(database, {
      fullName: '山田 花子',
      fullNameKana: 'やまだ はなこ',
      phone: '0166-23-4567',
    });
    const duplicate = await makePhonedIn(database, {
      fullName: '山田 はな子',
      fullNameKana: 'ヤマダハナコ',
    });
    await makePhonedIn(database, {
      fullName: '山田 太郎',
      fullNameKana: 'やまだ たろう',
      address: NAGAYAMA_ADDRESS,
      code: 'nagayama',
    });
    const chuo = await districtIdOf(database, 'chuo');
    const [oldRequest] = await database.db
      .insert(helpRequests)
      .values({
        residentId: duplicate,
        createdBy: coordinator.id,
        districtId: chuo,
        category: 'snow',
        status: 'open',
        address: '旭川市5条通9丁目3-12',
        windowStart: new Date('2026-12-20T08:00:00+09:00'),
        windowEnd: new Date('2026-12-20T10:00:00+09:00'),
      })
      .returning({ id: helpRequests.id });

    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [cookie],
    });
    const main = page.locator('main');

    // 1. Search: both 山田 of 中央, never 永山's.
    await page.goto('/coordinator/residents');
    await main.locator('#register-q').fill('やまだ');
    await main.getByRole('button', { name: 'さがす' }).click();
    await page.waitForURL((url) => url.search.includes('q='));
    await expectCount(main.locator('#register-table tbody tr')).toBe(2);
    await expectText(main).not.toContain('山田 太郎');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/residents?q=');

    // 2. Edit: a bad emergency phone is refused beside the field, then saved.
    await main.getByRole('link', { name: '山田 花子' }).click();
    await page.waitForURL((url) => url.pathname === `/coordinator/residents/${kept}`);
    await main.locator('#emergencyName').fill('山田 次郎');
    await main.locator('#emergencyRelation').fill('長男');
    await main.locator('#emergencyPhone').fill('123');
    await main.locator('#shareConsent').check();
    await main.getByRole('button', { name: '保存する' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.title()).toMatch(/^エラー：/);
    await expectText(main.locator('#emergencyPhone-error')).toContain('エラー');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/residents/[id] with an error');
    await main.locator('#emergencyPhone').fill('090-1234-5678');
    await main.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL((url) => url.search.includes('saved=1'));
    await expectText(main).toContain('保存しました。');
    const [saved] = await database.db
      .select()
      .from(residentProfiles)
      .where(eq(residentProfiles.userId, kept));
    expect(saved).toMatchObject({
      emergencyContactName: '山田 次郎',
      emergencyContactRelation: '長男',
      emergencyContactPhone: '090-1234-5678',
      shareConsentRecordedBy: coordinator.id,
    });
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/residents/[id] saved');

    // 3. Merge: the same kana in katakana is suggested; without the tick it is refused.
    const suggestion = main.locator(`[data-duplicate-id="${duplicate}"]`);
    await expectText(suggestion).toContain('ふりがなが 同じ');
    const mergeButton = suggestion.getByRole('button', { name: /この 記録に 統合する/ });
    await mergeButton.click();
    await expectText(main.locator(`#merge-error-${duplicate}`)).toContain('チェックを');
    await main.locator(`#confirm-${duplicate}`).check();
    await main
      .locator(`[data-duplicate-id="${duplicate}"]`)
      .getByRole('button', { name: /この 記録に 統合する/ })
      .click();
    await page.waitForURL((url) => url.search.includes('merged=1'));
    await expectText(main).toContain('統合しました。');
    const [moved] = await database.db
      .select({ residentId: helpRequests.residentId })
      .from(helpRequests)
      .where(eq(helpRequests.id, oldRequest!.id));
    expect(moved!.residentId).toBe(kept);
    const [marked] = await database.db
      .select({ mergedIntoId: residentProfiles.mergedIntoId })
      .from(residentProfiles)
      .where(eq(residentProfiles.userId, duplicate));
    expect(marked!.mergedIntoId).toBe(kept);
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/residents/[id] merged');

    // 4. Intake: search first and use the resident found.
    const residentsBefore = await residentCount();
    await page.goto('/coordinator/requests/new');
    await main.locator('#intake-q').fill('0166-23');
    await main.getByRole('button', { name: 'さがす' }).click();
    await page.waitForURL((url) => url.search.includes('q='));
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/requests/new?q=');
    await main.locator(`[data-resident-id="${kept}"]`).getByRole('link').click();
    await page.waitForURL((url) => url.search.includes(`resident=${kept}`));
    await expectText(main).toContain('受け付ける 方（名簿から）');
    await fillRequest();
    await main.getByRole('button', { name: 'この 内容で 受け付ける' }).click();
    await page.waitForURL((url) => /^\/coordinator\/requests\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByText('受け付けました。担い手を 探します。').waitFor();

    // 5. Intake of a "new" caller who is already registered: suggested, then used.
    await page.goto('/coordinator/requests/new');
    await main.locator('#fullName').fill('山田 花子');
    await main.locator('#fullNameKana').fill('ヤマダ ハナコ');
    await main.locator('#phone').fill('0166234567');
    await main.locator('#residentAddress').fill('旭川市5条通9丁目3-12');
    await main.locator('#consentByPhone').check();
    await fillRequest();
    await main.getByRole('button', { name: 'この 内容で 受け付ける' }).click();
    const suggested = main.locator(`.intake-duplicates [data-duplicate-id="${kept}"]`);
    await expectText(suggested).toContain('電話番号が 同じ');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/requests/new with duplicates');
    await suggested.getByRole('button', { name: /この 方で 受け付ける/ }).click();
    await page.waitForURL((url) => /^\/coordinator\/requests\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByText('受け付けました。担い手を 探します。').waitFor();

    expect(await residentCount()).toBe(residentsBefore);
    const [requests] = await database.db
      .select({ n: count() })
      .from(helpRequests)
      .where(inArray(helpRequests.residentId, [kept]));
    expect(requests!.n).toBe(3);

    async function fillRequest() {
      await main.locator('#category-rubbish').check();
      await main.locator('#whenKind-asap').check();
      await main.locator('#whereKind-profile').check();
    }
    async function residentCount() {
      const [row] = await database.db.select({ n: count() }).from(residentProfiles);
      return row!.n;
    }
  });
});
