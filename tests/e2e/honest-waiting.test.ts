/**
 * Honest waiting (issue 14, item 2) in Chromium with JavaScript off: a request that waits says
 * in plain words how long it has waited, what happens next and the centre's number; the
 * 「できるだけ 早く」 choice no longer promises 「1日くらいの あいだに」.
 */
import { describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { helpRequests, volunteerProfiles } from '@sasaeai/db/schema';
import {
  makeResident,
  makeVolunteer,
  snowRequest,
} from '../../services/api/test/help-loop-fixtures.ts';
import { expectNoAxeViolationsWithoutJs, openPage, useBrowser } from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

async function residentWithRequest(minutesAgo: number) {
  const resident = await makeResident(server().database);
  const cookie = await sessionCookieFor(server(), resident.email, TEST_PASSWORD);
  const response = await apiRequest(server(), '/api/help-requests', {
    method: 'POST',
    headers: { cookie: `${cookie.name}=${cookie.value}` },
    body: JSON.stringify(snowRequest({ when: { kind: 'asap' } })),
  });
  expect(response.status).toBe(201);
  const id = ((await response.json()) as { request: { id: string } }).request.id;
  await server()
    .database.db.update(helpRequests)
    .set({ createdAt: new Date(Date.now() - minutesAgo * 60_000) })
    .where(eq(helpRequests.id, id));
  return { id, cookie };
}

async function open(cookie: { name: string; value: string }, locale = 'ja-JP') {
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled: false,
    locale,
    cookies: [cookie],
  });
  return page;
}

describe('a request that waits says so honestly', () => {
  test('70 minutes: how long, what happens next, and the centre’s number (ja and en)', async () => {
    const { id, cookie } = await residentWithRequest(70);
    const page = await open(cookie);
    await page.goto(`/requests/${id}`);
    const waiting = page.locator('section.waiting');
    expect(await waiting.locator('#waited').textContent()).toContain(
      'お願いしてから 1時間10分 たちました。',
    );
    const text = (await waiting.textContent()) ?? '';
    expect(text).toContain('となりの 地区の 人にも 聞きます');
    // The resident's own centre (中央's), not the city-wide sample number.
    expect(await waiting.locator('a[href="tel:0166001001"]').textContent()).toBe('0166-00-1001');
    await expectNoAxeViolationsWithoutJs(page, '/requests/[id] waiting');

    const en = await open(cookie, 'en-GB');
    await en.goto(`/requests/${id}`);
    expect(await en.locator('section.waiting #waited').textContent()).toContain(
      'You asked 1 hour 10 minutes ago.',
    );
  });

  test('in the centre’s inbox it says a person is looking; once done, no waiting panel', async () => {
    const { id, cookie } = await residentWithRequest(200);
    await server()
      .database.db.update(helpRequests)
      .set({ status: 'unmatched' })
      .where(eq(helpRequests.id, id));
    const page = await open(cookie);
    await page.goto(`/requests/${id}`);
    expect(await page.locator('section.waiting').textContent()).toContain(
      'センターの 人が 手伝える 人を 電話などで 探しています',
    );
    expect(await page.locator('#waited').textContent()).toContain('3時間20分');

    await server()
      .database.db.update(helpRequests)
      .set({ status: 'cancelled' })
      .where(eq(helpRequests.id, id));
    await page.reload();
    expect(await page.locator('section.waiting').count()).toBe(0);
  });

  test('「できるだけ 早く」 promises what happens, not 「1日くらいの あいだに」', async () => {
    const { cookie } = await residentWithRequest(0);
    const page = await open(cookie);
    await page.goto('/requests/new');
    const hint = (await page.locator('main').textContent()) ?? '';
    expect(hint).not.toContain('1日くらい');
    expect(hint).toContain('すぐに 探しはじめます');
  });
});

describe('the coordinator sees why the matcher waits', () => {
  test('candidates from a neighbouring district are marked, with the neighbour wait explained', async () => {
    const { id } = await residentWithRequest(20);
    await makeVolunteer(server().database, 'chuo');
    // 旭町 borders 中央; this helper serves only 旭町 and has opted in to neighbours.
    const neighbour = await makeVolunteer(server().database, 'asahimachi');
    await server()
      .database.db.update(volunteerProfiles)
      .set({ helpsNeighbours: true })
      .where(eq(volunteerProfiles.userId, neighbour.id));
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const cookie = await sessionCookieFor(server(), coordinator.email, TEST_PASSWORD);

    const response = await apiRequest(server(), `/api/help-requests/${id}/candidates`, {
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(response.status).toBe(200);
    const { candidates } = (await response.json()) as {
      candidates: { volunteer: { id: string }; fromNeighbour: boolean }[];
    };
    expect(candidates).toHaveLength(2);
    expect(candidates.find((c) => c.volunteer.id === neighbour.id)?.fromNeighbour).toBe(true);
    expect(candidates.filter((c) => !c.fromNeighbour)).toHaveLength(1);

    const page = await open(cookie);
    await page.goto(`/coordinator/requests/${id}`);
    expect(await page.locator('.neighbour-mark').allTextContents()).toEqual(['となりの 地区の 人']);
    expect(await page.locator('#neighbour-wait').textContent()).toContain(
      'この 依頼は 20分 待っています。となりの 地区の 人（1人）',
    );
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/requests/[id] neighbour wait');

    // The coordinator does not wait out the neighbour wait: one button, no JavaScript.
    await page.getByRole('button', { name: 'となりの 地区の 人にも いますぐ お願いする' }).click();
    expect(await page.locator('main').textContent()).toContain(
      'となりの 地区の 人にも お願いします。',
    );
    expect(await page.locator('#neighbours-opened').textContent()).toContain(
      'となりの 地区の 人にも お願いしました（待ち時間なし）',
    );
    const [row] = await server()
      .database.db.select({ opened: helpRequests.neighboursOpenedAt })
      .from(helpRequests)
      .where(eq(helpRequests.id, id));
    expect(row?.opened).toBeInstanceOf(Date);
    await expectNoAxeViolationsWithoutJs(page, '/coordinator/requests/[id] sent to neighbours');
  });
});
