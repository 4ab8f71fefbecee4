/**
 * A person sets how they are reached on their account page in Chromium, with JavaScript off
 * and on: channels in order, SMS number, language, quiet hours, and a LINE link code. A bad
 * phone number is a field error in the error summary that changes nothing.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { helpRequests, notificationPreferences, users } from '@sasaeai/db/schema';
import {
  CHUO_ADDRESS,
  districtIdOf,
  jstDate,
  makeResident,
} from '../../services/api/test/help-loop-fixtures.ts';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  openPage,
  useBrowser,
  waitForEnhanced,
} from './browser.ts';
import { seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

async function storedPreferences(userId: string) {
  const db = server().database.db;
  const [row] = await db
    .select({ prefs: notificationPreferences, locale: users.locale })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(eq(users.id, userId));
  return row;
}

describe.each([
  { js: false, label: 'JavaScript off' },
  { js: true, label: 'JavaScript on' },
])('notification preferences on the account page ($label)', ({ js }) => {
  test('a bad phone number is a field error; a good form is saved and shown again', async () => {
    const volunteer = await seedUser(server(), { volunteerDistricts: ['kamui'] });
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: js,
      cookies: [await sessionCookieFor(server(), volunteer.email, TEST_PASSWORD)],
    });
    const main = page.locator('main');
    await page.goto('/account');
    if (js) await waitForEnhanced(page);
    expect(await main.getByLabel('1番目').inputValue()).toBe('email');
    // A volunteer has no proxy contact: the form does not offer one.
    expect(await main.locator('#proxyName').count()).toBe(0);

    await main.getByLabel('1番目').selectOption('sms');
    await main.getByLabel('2番目').selectOption('email');
    await main.getByLabel('3番目').selectOption('');
    await main.getByLabel('4番目').selectOption('');
    await main.getByLabel('ショートメール（SMS）を 受け取る 携帯電話の 番号').fill('0166-12-3456');
    await main.getByRole('button', { name: '受け取り方を 保存する' }).click();
    await main.locator('.error-summary a[href="#smsPhone"]').waitFor();
    await main.locator('#smsPhone-error').waitFor();
    expect(await main.getByLabel('1番目').inputValue()).toBe('sms');
    if (js) await expectNoAxeViolations(page, '/account with a phone error');
    else await expectNoAxeViolationsWithoutJs(page, '/account with a phone error');
    expect((await storedPreferences(volunteer.id))?.prefs).toBeNull();

    await main.getByLabel('ショートメール（SMS）を 受け取る 携帯電話の 番号').fill('090-1234-5678');
    await main.getByLabel('始まり').selectOption('21');
    await main.getByLabel('終わり').selectOption('7');
    await main.getByLabel('お知らせの 言葉').selectOption('en');
    await main.getByRole('button', { name: '受け取り方を 保存する' }).click();
    await page.waitForURL((url) => url.searchParams.get('saved') === 'preferences');
    // The language chosen is that of the notices; the page keeps the browser's.
    await main.getByText('お知らせの 受け取り方を 保存しました。').waitFor();
    const stored = await storedPreferences(volunteer.id);
    expect(stored?.prefs?.channelOrder).toEqual(['sms', 'email']);
    expect(stored?.prefs?.smsPhone).toBe('+819012345678');
    expect([stored?.prefs?.quietStartHour, stored?.prefs?.quietEndHour]).toEqual([21, 7]);
    expect(stored?.locale).toBe('en');
    expect(await main.getByLabel('2番目').inputValue()).toBe('email');
    expect(await main.getByLabel('3番目').inputValue()).toBe('');
    expect(
      await main.getByLabel('ショートメール（SMS）を 受け取る 携帯電話の 番号').inputValue(),
    ).toBe('+819012345678');

    // The same channel twice is refused on the later choice.
    await main.getByLabel('3番目').selectOption('sms');
    await main.getByRole('button', { name: '受け取り方を 保存する' }).click();
    await main.locator('.error-summary a[href="#channel3"]').waitFor();
    expect((await storedPreferences(volunteer.id))?.prefs?.channelOrder).toEqual(['sms', 'email']);
  });

  test('a LINE link code is shown, and LINE can be unlinked', async () => {
    const volunteer = await seedUser(server(), { volunteerDistricts: ['kamui'] });
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: js,
      cookies: [await sessionCookieFor(server(), volunteer.email, TEST_PASSWORD)],
    });
    const main = page.locator('main');
    await page.goto('/account');
    if (js) await waitForEnhanced(page);
    await main.getByText('LINE とは まだ つながって いません。').waitFor();
    await main.getByRole('button', { name: 'LINE に 送る コードを 出す' }).click();
    await page.waitForURL((url) => url.searchParams.get('saved') === 'lineCode');
    const code = (await main.locator('#line-code').textContent())?.trim();
    const stored = await storedPreferences(volunteer.id);
    expect(code).toBe(stored?.prefs?.lineLinkCode);
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    // As if the bot had seen the code: linked, and then unlinked from the page.
    await server()
      .database.db.update(notificationPreferences)
      .set({ lineUserId: `U${crypto.randomUUID().replaceAll('-', '')}`, lineLinkCode: null })
      .where(eq(notificationPreferences.userId, volunteer.id));
    await page.goto('/account');
    if (js) await waitForEnhanced(page);
    await main.getByText('LINE と つながって います。').waitFor();
    await main.getByRole('button', { name: 'LINE との つながりを 切る' }).click();
    await main.getByText('LINE との つながりを 切りました。').waitFor();
    expect((await storedPreferences(volunteer.id))?.prefs?.lineUserId).toBeNull();
  });
});

describe("a resident's proxy contact on their own account page", () => {
  test('a control character in the name is refused by the API on the field; then saved (JavaScript on)', async () => {
    const resident = await makeResident(server().database);
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      cookies: [await sessionCookieFor(server(), resident.email, TEST_PASSWORD)],
    });
    const main = page.locator('main');
    await page.goto('/account');
    await waitForEnhanced(page);
    await main.getByLabel('名前', { exact: true }).fill('旭川\u0007一郎');
    await main.getByLabel('関係').selectOption('family');
    await main.getByLabel('その人の 携帯電話の 番号（ショートメール）').fill('070-1234-5678');
    await main.getByRole('button', { name: '受け取り方を 保存する' }).click();
    await main.locator('.error-summary a[href="#proxyName"]').waitFor();
    await main.locator('#proxyName-error').waitFor();
    await expectNoAxeViolations(page, '/account with a proxy error');
    expect((await storedPreferences(resident.id))?.prefs).toBeNull();

    await main.getByLabel('名前', { exact: true }).fill('旭川 一郎');
    await main.getByRole('button', { name: '受け取り方を 保存する' }).click();
    await page.waitForURL((url) => url.searchParams.get('saved') === 'preferences');
    await main.getByText('お知らせの 受け取り方を 保存しました。').waitFor();
    expect((await storedPreferences(resident.id))?.prefs).toMatchObject({
      proxyName: '旭川 一郎',
      proxyRelationship: 'family',
      proxyEmail: null,
      proxySmsPhone: '+817012345678',
      proxyInstead: true,
    });
    expect(await main.getByLabel('本人の 代わりに その人へ 送る').isChecked()).toBe(true);
  });
});

async function phonedInRequest() {
  const database = server().database;
  const resident = await makeResident(database);
  const start = new Date(`${jstDate(2)}T08:00:00+09:00`);
  const [request] = await database.db
    .insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId: await districtIdOf(database, 'chuo'),
      category: 'snow',
      address: CHUO_ADDRESS,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 3 * 3_600_000),
    })
    .returning({ id: helpRequests.id });
  return { residentId: resident.id, requestId: request!.id };
}

describe('a coordinator sets how a phoned-in resident gets notices', () => {
  test('from the request page, with the same form and its errors (JavaScript off)', async () => {
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const { residentId, requestId } = await phonedInRequest();
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD)],
    });
    const main = page.locator('main');
    await page.goto(`/coordinator/requests/${requestId}`);
    await main.getByRole('link', { name: '利用者の お知らせの 受け取り方' }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/residents/${residentId}/notifications`));

    await main.getByLabel('1番目').selectOption('sms');
    await main.getByLabel('2番目').selectOption('phone_call');
    await main.getByLabel('3番目').selectOption('');
    await main.getByLabel('4番目').selectOption('');
    await main
      .getByLabel('ショートメール（SMS）を 受け取る 携帯電話の 番号')
      .fill('090-1234-567８９');
    await main.getByLabel('名前', { exact: true }).fill('旭川 一郎');
    await main.getByLabel('関係').selectOption('minsei_iin');
    await main.getByLabel('その人の メールアドレス').fill('ichiro@');
    await main.getByRole('button', { name: '受け取り方を 保存する' }).click();
    await main.locator('.error-summary a[href="#smsPhone"]').waitFor();
    await main.locator('.error-summary a[href="#proxyEmail"]').waitFor();
    expect(await main.getByLabel('名前', { exact: true }).inputValue()).toBe('旭川 一郎');
    await expectNoAxeViolationsWithoutJs(page, 'resident notifications with an error');
    expect((await storedPreferences(residentId))?.prefs).toBeNull();

    await main.getByLabel('ショートメール（SMS）を 受け取る 携帯電話の 番号').fill('080 1111 2222');
    await main.getByLabel('その人の メールアドレス').fill('ichiro@example.test');
    await main.getByLabel('本人にも その人にも 送る').check();
    await main.getByRole('button', { name: '受け取り方を 保存する' }).click();
    await page.waitForURL((url) => url.searchParams.get('saved') === '1');
    await main.getByText('お知らせの 受け取り方を 保存しました。').waitFor();
    const stored = await storedPreferences(residentId);
    expect(stored?.prefs?.channelOrder).toEqual(['sms', 'phone_call']);
    expect(stored?.prefs?.smsPhone).toBe('+818011112222');
    expect(stored?.prefs?.updatedBy).toBe(coordinator.id);
    expect(stored?.prefs).toMatchObject({
      proxyName: '旭川 一郎',
      proxyRelationship: 'minsei_iin',
      proxyEmail: 'ichiro@example.test',
      proxySmsPhone: null,
      proxyInstead: false,
    });
    expect(await main.getByLabel('本人にも その人にも 送る').isChecked()).toBe(true);
    await main.getByRole('link', { name: '依頼に もどる' }).click();
    await page.waitForURL((url) => url.pathname === `/coordinator/requests/${requestId}`);
  });

  test('a coordinator of another district gets a "not found" page, and cannot save', async () => {
    await seedUser(server(), { roles: [{ role: 'coordinator', district: 'chuo' }] });
    const { residentId } = await phonedInRequest();
    const other = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'kagura' }],
    });
    const { page } = await openPage(browser(), {
      baseURL: server().url,
      javaScriptEnabled: false,
      cookies: [await sessionCookieFor(server(), other.email, TEST_PASSWORD)],
    });
    const path = `/coordinator/residents/${residentId}/notifications`;
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    const posted = await page.request.post(path, {
      headers: { origin: server().url, accept: 'text/html' },
      form: {
        channel1: 'email',
        smsPhone: '',
        language: 'ja',
        quietStartHour: '',
        quietEndHour: '',
      },
    });
    expect(posted.status()).toBe(404);
    expect((await storedPreferences(residentId))?.prefs).toBeNull();
    expect(
      (await page.goto('/coordinator/residents/not-an-id/notifications'))?.status(),
    ).toBeLessThan(500);
  });
});
