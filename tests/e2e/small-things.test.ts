/**
 * The small things a walk through the pages found (issue 14, item 4), each in real Chromium:
 * a notice shown once (no sticky `?created=1`), Post/Redirect/Get after a form post without
 * JavaScript, times written the way older people read them, category pictures that are not
 * emoji, no sideways panning on a phone, the council report's table within A4 when printed,
 * axe's heading-order and landmark-unique, and the resident's list paged.
 */
import { describe, expect, test } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { proposeMatch } from '@sasaeai/db/help-loop';
import { helpRequests } from '@sasaeai/db/schema';
import {
  makeResident,
  makeVolunteer,
  snowRequest,
  tomorrowJst,
} from '../../services/api/test/help-loop-fixtures.ts';
import { openPage, runAxe, formatViolations, useBrowser } from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

type Cookie = { name: string; value: string };

async function open(person: { email: string }, javaScriptEnabled = false, locale = 'ja-JP') {
  const cookie = await sessionCookieFor(server(), person.email, TEST_PASSWORD);
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    javaScriptEnabled,
    locale,
    cookies: [cookie],
  });
  return { page, cookie };
}

function apiAs(cookie: Cookie, path: string, init: RequestInit = {}) {
  return apiRequest(server(), path, {
    ...init,
    headers: { cookie: `${cookie.name}=${cookie.value}` },
  });
}

async function ask(cookie: Cookie, body: Record<string, unknown> = snowRequest()) {
  const response = await apiAs(cookie, '/api/help-requests', {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { request: { id: string } }).request.id;
}

/** Clicks and returns the response of the page the browser ends up showing. */
async function submit(page: Page, click: () => Promise<void>): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation(), click()]);
  if (!response) throw new Error('no navigation');
  return response;
}

/** The page after a form post was fetched with GET: a reload does not send the form again. */
function expectGetAfterPost(response: Response) {
  expect(response.request().method()).toBe('GET');
  expect(response.request().redirectedFrom()?.method()).toBe('POST');
}

/** Only the named axe rules (best-practice ones the WCAG tags leave out). */
async function axeRules(page: Page, rules: string[]) {
  await runAxe(page); // injects axe-core
  const violations = await page.evaluate(
    (ids) =>
      window
        .axe!.run(document, { runOnly: { type: 'rule', values: ids } })
        .then((r) => r.violations),
    rules,
  );
  expect(violations, formatViolations(violations)).toEqual([]);
}

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The outermost elements sticking out on the right, named, for a failure message. */
const sticking = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .filter(
        (el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 0.5,
      )
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.textContent?.slice(0, 40)}`)
      .join('; ');
  });

describe('a notice is shown once, and a form post ends in a GET (JavaScript off)', () => {
  test('「受け付けました」 after asking, gone on reload; no ?created=1 in the address', async () => {
    const resident = await makeResident(server().database);
    const { page } = await open(resident);
    await page.goto('/requests/new');
    await page.getByRole('radio', { name: /雪かき（除雪）/ }).check();
    await page.getByRole('radio', { name: 'できるだけ 早く' }).check();
    await page.getByRole('radio', { name: /登録している 住所/ }).check();
    const response = await submit(page, () =>
      page.getByRole('button', { name: 'この 内容で たのむ' }).click(),
    );
    expectGetAfterPost(response);
    expect(new URL(page.url()).search).toBe('');
    await page.getByText('受け付けました。').first().waitFor();
    expect(await page.locator('.notice--success').count()).toBe(1);

    await page.reload();
    expect(await page.locator('.notice--success').count()).toBe(0);
  });

  test('a volunteer profile save redirects; reload sends nothing and shows no notice', async () => {
    const volunteer = await makeVolunteer(server().database, 'chuo');
    const { page } = await open(volunteer);
    await page.goto('/volunteer/profile');
    const response = await submit(page, () =>
      page.getByRole('button', { name: '登録する', exact: true }).click(),
    );
    expectGetAfterPost(response);
    await page.getByText('登録しました。').waitFor();
    await page.reload();
    expect(await page.getByText('登録しました。').count()).toBe(0);
  });

  test('a forged flash cookie shows nothing it should not', async () => {
    const resident = await makeResident(server().database);
    const { page, cookie } = await open(resident);
    const id = await ask(cookie);
    await page.context().addCookies([
      {
        name: 'sasaeai_flash',
        value: 'notice=%3Cscript%3E%00&x=' + 'a'.repeat(3000),
        url: server().url,
      },
    ]);
    const response = await page.goto(`/requests/${id}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('.notice--success').count()).toBe(0);
  });
});

describe('times are written the way older people read them', () => {
  test('noon is 「正午」, never 午後12:00, on the resident page and the form', async () => {
    const resident = await makeResident(server().database);
    const { page, cookie } = await open(resident);
    const id = await ask(
      cookie,
      snowRequest({ when: { kind: 'window', date: tomorrowJst(), from: '12:00', to: '13:00' } }),
    );
    await page.goto(`/requests/${id}`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('正午から 午後1時まで');
    expect(text).not.toMatch(/午[前後]\s*12[:：]/);
    await page.goto('/requests/new');
    const options = await page.getByLabel('はじまり').locator('option').allTextContents();
    expect(options).toContain('正午');
    expect(options.join()).not.toMatch(/12[:：]|12時/);
  });
});

describe('category pictures are drawn, not emoji', () => {
  test('no emoji character in the request form; each category has an SVG', async () => {
    const resident = await makeResident(server().database);
    const { page } = await open(resident);
    await page.goto('/requests/new');
    const icons = page.locator('.radio-card__icon');
    expect(await icons.count()).toBe(6);
    expect(await page.locator('.radio-card__icon svg').count()).toBe(6);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/\p{Emoji_Presentation}/u);
    expect(await icons.allTextContents()).toEqual(['', '', '', '', '', '']);
  });
});

describe('on a phone (375 px) nothing pans sideways', () => {
  for (const locale of ['ja-JP', 'en-GB']) {
    test(`the volunteer profile (${locale})`, async () => {
      const volunteer = await makeVolunteer(server().database, 'chuo');
      const { page } = await open(volunteer, false, locale);
      await page.setViewportSize({ width: 375, height: 740 });
      await page.goto('/volunteer/profile');
      expect(await sideways(page), await sticking(page)).toBeLessThanOrEqual(0);
    });
  }
});

describe('the council report prints within A4', () => {
  test('the district table fits 794 px in print', async () => {
    const council = await seedUser(server(), { roles: [{ role: 'council' }] });
    const { page } = await open(council);
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await page.goto('/council/report');
    const table = page.locator('#report-district');
    await table.waitFor();
    const { right, pageWidth, scroll } = await table.evaluate((el) => ({
      right: el.getBoundingClientRect().right,
      pageWidth: document.documentElement.clientWidth,
      scroll: el.closest('[role="region"]')
        ? (el.closest('[role="region"]') as HTMLElement).scrollWidth -
          (el.closest('[role="region"]') as HTMLElement).clientWidth
        : 0,
    }));
    expect(right).toBeLessThanOrEqual(pageWidth);
    expect(scroll).toBeLessThanOrEqual(0);
    expect(await sideways(page), await sticking(page)).toBeLessThanOrEqual(0);
  });
});

describe('axe best-practice rules the walk found', () => {
  test('heading-order on the request form, landmark-unique on the coordinator request page', async () => {
    const resident = await makeResident(server().database);
    const { page, cookie } = await open(resident, true);
    await page.goto('/requests/new');
    await axeRules(page, ['heading-order', 'landmark-unique']);
    const id = await ask(cookie);
    // Candidates listed on the coordinator's page, as in the walk.
    const helpers = [];
    for (let i = 0; i < 3; i += 1) helpers.push(await makeVolunteer(server().database, 'chuo'));
    // And one proposal waiting for approval, so every section of the page is there.
    const breakdown = {
      total: 1,
      terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
    };
    await proposeMatch(server().database.db, {
      requestId: id,
      volunteerId: helpers[0]!.id,
      score: 1,
      breakdown,
    });

    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const { page: desk } = await open(coordinator, true);
    await desk.goto(`/coordinator/requests/${id}`);
    expect(await desk.locator('#candidates-title').count()).toBe(1);
    expect(await desk.locator('#matches-title + *').count()).toBe(1);
    await axeRules(desk, ['heading-order', 'landmark-unique']);
  });
});

describe('a resident’s long list is paged on the server', () => {
  test('25 requests: 20 on the first page, a link (JS off) to the rest', async () => {
    const resident = await makeResident(server().database);
    const { page, cookie } = await open(resident);
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) ids.push(await ask(cookie, snowRequest({ notes: `${i}` })));
    // Some of them finished long ago.
    await server()
      .database.db.update(helpRequests)
      .set({ status: 'cancelled' })
      .where(eq(helpRequests.id, ids[0]!));

    await page.goto('/requests');
    expect(await page.locator('main .item').count()).toBe(20);
    await page.getByRole('link', { name: /次の ページ/ }).click();
    expect(await page.locator('main .item').count()).toBe(5);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.getByRole('link', { name: /前の ページ/ }).click();
    expect(await page.locator('main .item').count()).toBe(20);

    // Nonsense page numbers are the first page or an empty last one, never an error.
    for (const bad of ['-1', '0', 'abc', '99999999999999999999', '%00']) {
      const response = await page.goto(`/requests?page=${bad}`);
      expect(response?.status(), bad).toBeLessThan(500);
    }
  });
});
