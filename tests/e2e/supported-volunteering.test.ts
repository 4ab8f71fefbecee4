/**
 * Supported volunteering (issue 14 item 9), in Chromium with JavaScript off: a volunteer ticks
 * their wishes on the profile page, a coordinator sees the marks on the volunteers page and
 * records the support worker's introduction on the volunteer's page; another district's
 * coordinator gets 404. axe-core checks each page state.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { users, volunteerProfiles } from '@sasaeai/db/schema';
import {
  jstDate,
  makeResident,
  makeVolunteer,
  snowRequest,
} from '../../services/api/test/help-loop-fixtures.ts';
import { expectNoAxeViolationsWithoutJs, expectText, openPage, useBrowser } from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

async function open(email: string, locale?: string) {
  const cookie = await sessionCookieFor(server(), email, TEST_PASSWORD);
  return openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    cookies: [cookie],
    ...(locale ? { locale } : {}),
  });
}

describe('supported volunteering', () => {
  test('the volunteer’s wishes, the coordinator’s marks and the introduction', async () => {
    const database = server().database;
    const volunteer = await makeVolunteer(database);
    await database.db
      .update(users)
      .set({ displayName: '北 一郎' })
      .where(eq(users.id, volunteer.id));

    const { page } = await open(volunteer.email);
    await page.goto('/volunteer/profile');
    const buddy = page.getByLabel('はじめての 活動は、ほかの 人と いっしょに 行きたい');
    const quiet = page.getByLabel('会話の すくない 活動が よい');
    expect(await buddy.isChecked()).toBe(false);
    await expectNoAxeViolationsWithoutJs(page, 'profile with the wishes form');
    await buddy.check();
    await quiet.check();
    await page.getByRole('button', { name: '希望を 保存する' }).click();
    await expect.poll(() => page.url()).toMatch(/\/volunteer\/profile$/);
    await expectText(page.getByRole('status').first()).toContain('手伝い方の 希望を 保存しました');
    expect(await buddy.isChecked()).toBe(true);
    expect(await quiet.isChecked()).toBe(true);
    await expectNoAxeViolationsWithoutJs(page, 'profile, wishes saved');

    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const { page: coord } = await open(coordinator.email);
    await coord.goto('/coordinator/volunteers?district=chuo');
    const card = coord.locator(`#volunteer-${volunteer.id}`);
    await expectText(card).toContain('はじめての 活動: いっしょに 行く 人と');
    await expectText(card).toContain('会話の すくない 活動を 希望');
    expect(await card.textContent()).not.toContain('支援者の 紹介あり');
    await expectNoAxeViolationsWithoutJs(coord, 'volunteers page with marks');

    await card.getByRole('link', { name: /手伝い方の 希望と 紹介\s*：北 一郎/ }).click();
    await expect
      .poll(() => coord.url())
      .toContain(`/coordinator/volunteers/${volunteer.id}/support`);
    await expectNoAxeViolationsWithoutJs(coord, 'volunteer support page, no introduction');

    // Empty name: a field error, nothing recorded.
    await coord.getByRole('button', { name: '紹介を 記録する' }).click();
    await expectText(coord.locator('main')).toContain('団体の 名前を 100文字までで');
    await expectNoAxeViolationsWithoutJs(coord, 'volunteer support page, field error');

    await coord.getByLabel('紹介した 団体の 名前').fill('旭川 地域生活支援センター');
    await coord.getByLabel('団体の 電話番号').fill('0166-22-3344');
    await coord.getByRole('button', { name: '紹介を 記録する' }).click();
    await expectText(coord.getByRole('status').first()).toContain('紹介を 記録しました');
    expect(await coord.getByLabel('紹介した 団体の 名前').inputValue()).toBe(
      '旭川 地域生活支援センター',
    );
    await expectNoAxeViolationsWithoutJs(coord, 'volunteer support page, recorded');

    await coord.goto('/coordinator/volunteers?district=chuo');
    await expectText(coord.locator(`#volunteer-${volunteer.id}`)).toContain('支援者の 紹介あり');
    // The list shows only the mark; the details stay on the volunteer's page.
    expect(await coord.content()).not.toContain('0166-22-3344');

    // The volunteer never sees the introduction.
    await page.goto('/volunteer/profile');
    expect(await page.content()).not.toContain('地域生活支援センター');

    const other = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'kagura' }],
    });
    const { page: otherPage } = await open(other.email);
    const response = await otherPage.goto(`/coordinator/volunteers/${volunteer.id}/support`);
    expect(response?.status()).toBe(404);
    expect(await otherPage.content()).not.toContain('地域生活支援センター');
  });

  test('in English, the marks and the form read plainly', async () => {
    const volunteer = await makeVolunteer(server().database);
    const { page } = await open(volunteer.email, 'en-GB');
    await page.goto('/volunteer/profile');
    await page.getByLabel('I prefer tasks without much talking').check();
    await page.getByRole('button', { name: 'Save my wishes' }).click();
    await expectText(page.getByRole('status').first()).toContain('Your wishes are saved');
    await expectNoAxeViolationsWithoutJs(page, 'profile in English, saved');
  });

  test('a newcomer waits for someone on the request page, then joins as the second person', async () => {
    const database = server().database;
    const newcomer = await makeVolunteer(database);
    await database.db
      .update(users)
      .set({ displayName: '南 新太' })
      .where(eq(users.id, newcomer.id));
    await database.db
      .update(volunteerProfiles)
      .set({ firstTaskWithBuddy: true })
      .where(eq(volunteerProfiles.userId, newcomer.id));
    const first = await makeVolunteer(database);
    const resident = await makeResident(database);
    const residentCookie = await sessionCookieFor(server(), resident.email, TEST_PASSWORD);
    const asked = await apiRequest(server(), '/api/help-requests', {
      method: 'POST',
      headers: { cookie: `${residentCookie.name}=${residentCookie.value}` },
      body: JSON.stringify(
        snowRequest({
          peopleNeeded: 2,
          when: { kind: 'window', date: jstDate(5), from: '09:00', to: '11:00' },
        }),
      ),
    });
    expect(asked.status).toBe(201);
    const requestId = ((await asked.json()) as { request: { id: string } }).request.id;

    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const { page } = await open(coordinator.email);
    await page.goto(`/coordinator/requests/${requestId}`);
    const waiting = page.locator('ul[aria-labelledby="buddy-title"]');
    await expectText(waiting).toContain('南 新太');
    await expectText(waiting).toContain(
      'はじめての 活動は、ほかの 人が すでに 決まっている 2人以上の 依頼だけ',
    );
    // The other volunteer's reasons, worded from the stored facts.
    const why = page.locator('#candidates-title ~ ol table.breakdown').first();
    await expectText(why).toContain('同じ 地区');
    await expectText(why).toContain('今週の 担当 0/');
    await expectNoAxeViolationsWithoutJs(page, 'request page, a newcomer waiting for a buddy');

    // In English: the same reasons in English words, no Japanese and no codes.
    const { page: english } = await open(coordinator.email, 'en-GB');
    await english.goto(`/coordinator/requests/${requestId}`);
    expect(await english.locator('html').getAttribute('lang')).toBe('en');
    const waitingEn = english.locator('ul[aria-labelledby="buddy-title"]');
    await expectText(waitingEn).toContain(
      'First task only alongside someone already on a request for 2 or more people',
    );
    const reasonsEn = [
      ...(await english
        .locator('ul[aria-labelledby="buddy-title"] li p:not(.item__title)')
        .allTextContents()),
      ...(await english
        .locator('#candidates-title ~ ol table.breakdown tbody td:not(.breakdown__points)')
        .allTextContents()),
    ];
    expect(reasonsEn.length).toBeGreaterThan(7);
    expect(reasonsEn).toContain('Same district');
    for (const reason of reasonsEn) {
      expect(reason).not.toMatch(/[\u3000-\u30ff\u4e00-\u9fff]/u);
      expect(reason).not.toMatch(/\b[a-z]+_[a-z_]+\b|^(snow|normal|high|low)$/);
    }
    await expectNoAxeViolationsWithoutJs(english, 'request page in English, reasons in words');

    const coordinatorCookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);
    const assigned = await apiRequest(server(), `/api/help-requests/${requestId}/assign`, {
      method: 'POST',
      headers: { cookie: `${coordinatorCookie.name}=${coordinatorCookie.value}` },
      body: JSON.stringify({ volunteerId: first.id }),
    });
    expect(assigned.status).toBe(200);
    await page.goto(`/coordinator/requests/${requestId}`);
    expect(await page.locator('#buddy-title').count()).toBe(0);
    const card = page.locator('#candidates-title ~ ol > li', { hasText: '南 新太' });
    await expectText(card).toContain('はじめての 活動: いっしょに 行く 人と');
    await expectNoAxeViolationsWithoutJs(page, 'request page, the newcomer as a candidate');
  });
});
