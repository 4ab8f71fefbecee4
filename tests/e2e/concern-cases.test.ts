/**
 * 見守り cases with JavaScript off: a coordinator opens a case from the list, records a
 * consultation (an empty one is a field error), refers it to 地域包括支援センター, is refused an
 * absurd follow-up date beside the field, moves the referral on and closes the case; a 民生委員
 * of the district reads it and adds a note, with none of the coordinator's forms, and is refused
 * the resident register. axe-core checks each state.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { concernNotes, concernReferrals, concerns, consultations } from '@sasaeai/db/schema';
import { makeUser } from '../../services/api/test/helper.ts';
import { makeConcern } from '../../services/api/test/concern-fixtures.ts';
import { expectNoAxeViolationsWithoutJs, expectText, openPage, useBrowser } from './browser.ts';
import { sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

async function pageFor(email: string) {
  const cookie = await sessionCookieFor(server(), email, TEST_PASSWORD);
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    cookies: [cookie],
  });
  return page;
}

/** A date in Japan `days` from today, `YYYY-MM-DD`. */
const jstDay = (days: number) =>
  new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('見守り cases', () => {
  test('a coordinator works a case and a 民生委員 adds a note, JavaScript off', async () => {
    const database = server().database;
    const coordinator = await makeUser(database, {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const minsei = await makeUser(database, { roles: [{ role: 'minsei_iin', district: 'chuo' }] });
    const { concernId } = await makeConcern(database);

    const page = await pageFor(coordinator.email);
    const main = page.locator('main');

    // 1. The list, and the case from it.
    await page.goto('/coordinator/concerns');
    await expectText(main).toContain('旭川 花子 さんの ケース');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/concerns');

    // A consultation outside any case: an empty one is a field error, then it is recorded.
    await main.getByRole('button', { name: '記録する' }).click();
    await page.locator('.error-summary').waitFor();
    await expectText(main.locator('#consultation-summary-error')).toContain('エラー');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/concerns consultation error');
    await main.locator('#consultation-summary').fill('近所の 方から 一人暮らしの 方の 相談');
    await main.getByRole('button', { name: '記録する' }).click();
    await expectText(main.locator('[role="status"]')).toContain('相談を 記録しました。');
    expect(await database.db.select().from(consultations)).toHaveLength(1);
    await main.getByRole('link', { name: '旭川 花子 さんの ケース' }).first().click();
    await page.waitForURL((url) => url.pathname === `/coordinator/concerns/${concernId}`);
    await expectText(main).toContain('少し元気がない様子でした');
    // The district by its name, never its code.
    await expectText(main.locator('dd', { hasText: '中央' })).toBe('中央');
    expect(await main.locator('dl').first().textContent()).not.toContain('chuo');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/concerns/[id]');

    // 2. An empty note is a field error; then a consultation is recorded (PRG notice).
    await main.getByRole('button', { name: '記録する' }).click();
    await page.locator('.error-summary').waitFor();
    await expectText(main.locator('#note-text-error')).toContain('エラー');
    expect(await page.title()).toMatch(/^エラー：/);
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/concerns/[id] note error');
    await main.locator('#note-text').fill('娘さんから 電話で 相談を 受けました');
    await main.locator('#note-kind').selectOption('consultation');
    await main.getByRole('button', { name: '記録する' }).click();
    await expectText(main.locator('[role="status"]')).toContain('記録を 追加しました。');
    await expectText(main.locator('.timeline')).toContain('娘さんから 電話で 相談を 受けました');

    // 3. A referral to 地域包括支援センター puts the case in progress.
    await main.locator('#ref-to').selectOption('houkatsu');
    await main.locator('#ref-followUpOn').fill(jstDay(7));
    await main.getByRole('button', { name: '追加する' }).click();
    await expectText(main.locator('[role="status"]')).toContain('つなぎ先を 追加しました。');
    await expectText(main.locator('.summary').first()).toContain('対応中');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/concerns/[id] referred');

    // 4. An absurd follow-up date is refused beside its field, in Japanese.
    await main.locator('#case-followUpOn').fill('2099-01-01');
    await main.getByRole('button', { name: '保存する' }).click();
    await page.locator('.error-summary').waitFor();
    await expectText(main.locator('#case-followUpOn-error')).toContain('2年後');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/concerns/[id] date error');

    // 5. The referral is made, then the case is closed.
    const [referral] = await database.db
      .select()
      .from(concernReferrals)
      .where(eq(concernReferrals.concernId, concernId));
    await main.locator(`#r-${referral!.id}-status`).selectOption('made');
    await main.getByRole('button', { name: /更新する/ }).click();
    await expectText(main.locator('[role="status"]')).toContain('つなぎを 更新しました。');
    // Only the moves a made referral may make are offered (no going back to 提案).
    expect(await main.locator(`#r-${referral!.id}-status option`).allTextContents()).toEqual([
      'つないだ',
      '受け入れ',
      '断られた',
      '終了',
    ]);
    await main.locator('#case-status').selectOption('closed');
    await main.locator('#case-followUpOn').fill('');
    await main.getByRole('button', { name: '保存する' }).click();
    await expectText(main.locator('[role="status"]')).toContain('ケースを 保存しました。');
    const [row] = await database.db.select().from(concerns).where(eq(concerns.id, concernId));
    expect(row?.status).toBe('closed');
    await page.goto('/coordinator/concerns?status=closed');
    await expectText(main).toContain('旭川 花子 さんの ケース');
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/concerns?status=closed');

    // 6. The 民生委員 reads the case and adds a note; nothing else is offered or allowed.
    const theirs = await pageFor(minsei.email);
    const theirMain = theirs.locator('main');
    await theirs.goto('/');
    await expectText(theirMain.locator('#section-minsei')).toContain('民生委員の 方へ');
    await expectNoAxeViolationsWithoutJs(theirs, '/ as 民生委員');
    await theirMain.locator('#section-minsei').getByRole('link').click();
    await theirs.waitForURL((url) => url.pathname === '/coordinator/concerns');
    await expectText(theirMain).toContain('旭川 花子 さんの ケース');
    // No coordinator menu for them: its pages are not theirs.
    expect(await theirMain.locator('.sub-nav, #consultation-summary').count()).toBe(0);
    await theirs.goto(`/coordinator/concerns/${concernId}`);
    await expectText(theirMain).toContain('娘さんから 電話で 相談を 受けました');
    expect(await theirMain.locator('#case-status, #ref-to, #note-kind').count()).toBe(0);
    await expectNoAxeViolationsWithoutJs(theirs, '/coordinator/concerns/[id] as 民生委員');
    await theirMain.locator('#note-text').fill('訪問して お元気でした');
    await theirMain.getByRole('button', { name: '記録する' }).click();
    await expectText(theirMain.locator('[role="status"]')).toContain('記録を 追加しました。');
    const notes = await database.db
      .select()
      .from(concernNotes)
      .where(eq(concernNotes.concernId, concernId));
    expect(notes.map((n) => [n.kind, n.authorId])).toEqual([
      ['consultation', coordinator.id],
      ['note', minsei.id],
    ]);
    await theirs.goto('/coordinator/concerns');
    await expectNoAxeViolationsWithoutJs(theirs, '/coordinator/concerns as 民生委員');
    const refused = await theirs.goto('/coordinator/residents');
    expect(refused?.status()).toBe(403);
  });
});
