/**
 * Issue 14's "axe finds 0 violations on every page for every role": every SvelteKit page
 * (each `web/src/routes/**\/+page.svelte`) is opened by each role that may open it, in Japanese
 * (on a phone) and in English (on a desktop screen), with JavaScript on; it must answer 200 at
 * its own address, and axe-core (WCAG 2.0/2.1 A and AA) must find nothing. A guard test reads
 * the route files from disk, so a new page that is not in the table below fails here until
 * someone says who opens it.
 *
 * One Chromium, one page per role and language, reused from page to page.
 */
import { readdirSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { issueOfferActionLinks, issuePasswordResetLink } from '@sasaeai/db/action-links';
import { proposeMatch } from '@sasaeai/db/help-loop';
import { helpRequests, volunteerCentres } from '@sasaeai/db/schema';
import { makeUser } from '../../services/api/test/helper.ts';
import { makeConcern } from '../../services/api/test/concern-fixtures.ts';
import {
  CHUO_ADDRESS,
  districtIdOf,
  makeResident,
  makeVolunteer,
  snowRequest,
} from '../../services/api/test/help-loop-fixtures.ts';
import { makeRegistration } from '../../services/api/test/snow-fixtures.ts';
import { completedTask } from '../../services/api/test/volunteer-records-fixtures.ts';
import { expectNoAxeViolations, STEP_TIMEOUT_MS, useBrowser, waitForEnhanced } from './browser.ts';
import { offeredTask } from './offered-task.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

/**
 * Who opens a page. `council` holds both the council and the admin role (市・市社協 staff who
 * also run the system), so it covers the coordinator pages an admin may open too; `minsei` is
 * a 民生委員 of 中央, who reads 見守り cases.
 */
type Role = 'signed-out' | 'resident' | 'volunteer' | 'coordinator' | 'minsei' | 'council';

/** What the sweep seeds before it starts, to fill the pages' [params]. */
interface Seeded {
  residentId: string;
  /** The resident's own request, still waiting (so it can be cancelled). */
  openRequestId: string;
  /** A request in 中央 with an accepted offer (its printable notice and activity sheet). */
  acceptedRequestId: string;
  concernId: string;
  volunteerId: string;
  centreId: string;
  /** An offer's one-tap link, `/a/…`. */
  offerPath: string;
  /** A password-reset link, `/password-reset/…`. */
  resetPath: string;
}

interface PageEntry {
  roles: Role[];
  /** The address to open; the route id itself when it has no [params]. */
  path?: (seeded: Seeded) => string;
  /** Where the address sends the browser, when it is only a form's target. */
  landsOn?: string;
  /** A selector the page must show, where a 200 alone could be a refusal (a dead link). */
  shows?: string;
}

const everyone: Role[] = [
  'signed-out',
  'resident',
  'volunteer',
  'coordinator',
  'minsei',
  'council',
];
const signedIn: Role[] = ['resident', 'volunteer', 'coordinator', 'council'];
/** Pages for coordinators that an admin (here the council user) may open as well. */
const desk: Role[] = ['coordinator', 'council'];

/** Every page route → who opens it and how its [params] are filled. */
const PAGES: Record<string, PageEntry> = {
  '/': { roles: everyone },
  '/a/[token]': {
    roles: ['signed-out'],
    path: (s) => s.offerPath,
    shows: 'button[value="accept"]',
  },
  '/account': { roles: signedIn },
  '/account/data': { roles: ['resident', 'volunteer'] },
  '/account/password': { roles: ['resident'] },
  '/coordinator': { roles: ['coordinator'], shows: '.proposal' },
  '/coordinator/audit': { roles: desk },
  '/coordinator/collection-calendar': { roles: ['coordinator'] },
  '/coordinator/concerns': { roles: ['coordinator', 'minsei', 'council'] },
  '/coordinator/concerns/[id]': {
    roles: ['coordinator', 'minsei', 'council'],
    path: (s) => `/coordinator/concerns/${s.concernId}`,
  },
  '/coordinator/deletions': { roles: ['coordinator'] },
  '/coordinator/inbox': { roles: ['coordinator'], shows: 'li[id^="unmatched-"]' },
  '/coordinator/reports': { roles: desk },
  '/coordinator/requests': { roles: desk },
  '/coordinator/requests/[id]': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/requests/${s.openRequestId}`,
  },
  '/coordinator/requests/[id]/activity': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/requests/${s.acceptedRequestId}/activity`,
  },
  '/coordinator/requests/[id]/notice': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/requests/${s.acceptedRequestId}/notice`,
  },
  '/coordinator/requests/new': { roles: ['coordinator'] },
  '/coordinator/residents': { roles: desk },
  '/coordinator/residents/[id]': {
    roles: desk,
    path: (s) => `/coordinator/residents/${s.residentId}`,
  },
  '/coordinator/residents/[id]/notifications': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/residents/${s.residentId}/notifications`,
  },
  '/coordinator/settings': { roles: ['coordinator'] },
  '/coordinator/snow': { roles: ['coordinator'] },
  '/coordinator/snow/import': { roles: desk },
  '/coordinator/volunteers': { roles: ['coordinator'] },
  '/coordinator/volunteers/[id]/certificate': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/volunteers/${s.volunteerId}/certificate`,
  },
  '/coordinator/volunteers/[id]/history': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/volunteers/${s.volunteerId}/history`,
  },
  '/coordinator/volunteers/[id]/support': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/volunteers/${s.volunteerId}/support`,
  },
  '/coordinator/volunteers/insurance': { roles: ['coordinator'] },
  '/coordinator/winter': { roles: ['coordinator'] },
  '/coordinator/winter/[residentId]': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/winter/${s.residentId}`,
    shows: '#pairings-title',
  },
  '/coordinator/winter/[residentId]/fees': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/winter/${s.residentId}/fees`,
  },
  '/coordinator/winter/[residentId]/routine': {
    roles: ['coordinator'],
    path: (s) => `/coordinator/winter/${s.residentId}/routine`,
  },
  '/coordinator/winter/fees': { roles: ['coordinator'] },
  '/council': { roles: ['council'] },
  '/council/activity': { roles: ['council', 'coordinator'] },
  '/council/centres': { roles: ['council'] },
  '/council/centres/[id]': { roles: ['council'], path: (s) => `/council/centres/${s.centreId}` },
  '/council/districts/import': { roles: ['council'] },
  '/council/indicators/[id]': { roles: ['council'], path: () => '/council/indicators/V2-1-b' },
  '/council/report': { roles: ['council'] },
  '/council/towns': { roles: ['council'] },
  '/login': { roles: ['signed-out'] },
  '/needs': { roles: ['signed-out', 'volunteer'] },
  '/password-reset': { roles: ['signed-out'] },
  '/password-reset/[token]': {
    roles: ['signed-out'],
    path: (s) => s.resetPath,
    shows: 'input[name="newPassword"]',
  },
  '/privacy': { roles: ['signed-out', 'resident'] },
  '/public': { roles: ['signed-out'] },
  '/requests': { roles: ['resident'] },
  '/requests/[id]': { roles: ['resident'], path: (s) => `/requests/${s.openRequestId}` },
  '/requests/[id]/cancel': {
    roles: ['resident'],
    path: (s) => `/requests/${s.openRequestId}/cancel`,
  },
  '/requests/new': { roles: ['resident', 'volunteer'] },
  '/routine': { roles: ['resident'] },
  '/signup': { roles: ['signed-out'] },
  '/volunteer': { roles: ['volunteer'] },
  '/volunteer/certificate': { roles: ['volunteer'] },
  '/volunteer/history': { roles: ['volunteer'] },
  '/volunteer/profile': { roles: ['volunteer'] },
  // The support form lives on the profile page; its own address only receives the form.
  '/volunteer/profile/support': { roles: ['volunteer'], landsOn: '/volunteer/profile' },
  '/volunteer/routine': { roles: ['volunteer'] },
  '/volunteer/winter': { roles: ['volunteer'] },
  '/winter': { roles: ['resident'] },
};

const routesDir = fileURLToPath(new URL('../../web/src/routes', import.meta.url));

/** Route ids of the page files on disk: `web/src/routes/a/[token]/+page.svelte` → `/a/[token]`. */
function pageRoutesOnDisk(): string[] {
  return readdirSync(routesDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.split(sep).pop() === '+page.svelte')
    .map((file) => {
      const dir = dirname(file);
      return dir === '.' ? '/' : `/${dir.split(sep).join('/')}`;
    })
    .sort();
}

describe('the sweep’s table of pages', () => {
  test('names every +page.svelte under web/src/routes, and nothing else', () => {
    const onDisk = pageRoutesOnDisk();
    expect(onDisk.length).toBeGreaterThan(50);
    const missing = onDisk.filter((route) => !(route in PAGES));
    expect(
      missing,
      `pages missing from PAGES in tests/e2e/axe-every-page.test.ts (say who opens them): ${missing.join(', ')}`,
    ).toEqual([]);
    const stale = Object.keys(PAGES).filter((route) => !onDisk.includes(route));
    expect(stale, `PAGES names pages that no longer exist: ${stale.join(', ')}`).toEqual([]);
    for (const [route, entry] of Object.entries(PAGES)) {
      expect(entry.roles.length, `${route} has no role`).toBeGreaterThan(0);
      expect(route.includes('[') === Boolean(entry.path), `${route}: [params] need a path`).toBe(
        true,
      );
    }
  });
});

const LOCALES = ['ja-JP', 'en-GB'] as const;
type Locale = (typeof LOCALES)[number];

/**
 * Japanese on a phone (where most residents read it, and where wide things scroll sideways),
 * English on a desktop screen: both widths are swept without doubling the run.
 */
const VIEWPORTS: Record<Locale, { width: number; height: number }> = {
  'ja-JP': { width: 375, height: 700 },
  'en-GB': { width: 1024, height: 800 },
};

const cases = Object.entries(PAGES).flatMap(([route, entry]) =>
  entry.roles.flatMap((role) => LOCALES.map((locale) => ({ route, role, locale }))),
);

describe('axe-core on every page, for every role, in Japanese and English (JavaScript on)', () => {
  let seeded: Seeded | undefined;
  const cookies = new Map<Role, { name: string; value: string }>();
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    const database = server().database;
    const db = database.db;
    const resident = await makeResident(database);
    await makeRegistration(database, resident.id);
    const volunteer = await makeVolunteer(database, 'chuo');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const minsei = await makeUser(database, { roles: [{ role: 'minsei_iin', district: 'chuo' }] });
    const council = await seedUser(server(), { roles: [{ role: 'council' }, { role: 'admin' }] });
    const signedOut = await seedUser(server());

    const residentCookie = await sessionCookieFor(server(), resident.email, TEST_PASSWORD);
    const asked = await apiRequest(server(), '/api/help-requests', {
      method: 'POST',
      headers: { cookie: `${residentCookie.name}=${residentCookie.value}` },
      body: JSON.stringify(snowRequest()),
    });
    expect(asked.status).toBe(201);
    const openRequestId = ((await asked.json()) as { request: { id: string } }).request.id;

    // The open request has a proposal waiting for the coordinator (the approval queue's form).
    await proposeMatch(db, {
      requestId: openRequestId,
      volunteerId: volunteer.id,
      score: 1,
      breakdown: { total: 1, terms: [{ term: 'distance', points: 1, detail: '同じ地区' }] },
    });
    // One request nobody took, in the centre's inbox.
    const unmatchedStart = new Date(Date.now() + 72 * 3_600_000);
    await db.insert(helpRequests).values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId: await districtIdOf(database, 'chuo'),
      category: 'snow',
      address: CHUO_ADDRESS,
      windowStart: unmatchedStart,
      windowEnd: new Date(unmatchedStart.getTime() + 2 * 3_600_000),
      status: 'unmatched',
      unmatchedReason: 'no_candidates',
    });
    const accepted = await offeredTask(server(), {
      volunteerId: volunteer.id,
      startsInHours: 50,
      accept: true,
    });
    const offered = await offeredTask(server(), { volunteerId: volunteer.id, startsInHours: 26 });
    const { acceptPath } = await issueOfferActionLinks(db, {
      matchId: offered.matchId,
      expiresAt: new Date(Date.now() + 12 * 3_600_000),
    });
    await completedTask(database, {
      residentId: resident.id,
      volunteerId: volunteer.id,
      districtId: await districtIdOf(database, 'chuo'),
      start: '2026-04-10T09:00:00',
      windowMinutes: 120,
      minutes: 90,
    });
    const { concernId } = await makeConcern(database);
    const { path: resetPath } = await issuePasswordResetLink(db, { userId: signedOut.id });
    const [centre] = await db.select({ id: volunteerCentres.id }).from(volunteerCentres).limit(1);

    seeded = {
      residentId: resident.id,
      openRequestId,
      acceptedRequestId: accepted.requestId,
      concernId,
      volunteerId: volunteer.id,
      centreId: centre!.id,
      offerPath: acceptPath,
      resetPath,
    };
    cookies.set('resident', residentCookie);
    for (const [role, user] of [
      ['volunteer', volunteer],
      ['coordinator', coordinator],
      ['minsei', minsei],
      ['council', council],
    ] as const) {
      cookies.set(role, await sessionCookieFor(server(), user.email, TEST_PASSWORD));
    }
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  /** The one page of this role and language, opened on first use and reused after. */
  async function pageFor(role: Role, locale: Locale): Promise<Page> {
    const key = `${role} ${locale}`;
    const existing = pages.get(key);
    if (existing) return existing;
    const baseURL = server().url;
    const context = await browser().newContext({
      baseURL,
      locale,
      viewport: VIEWPORTS[locale],
    });
    contexts.push(context);
    const cookie = cookies.get(role);
    if (cookie) await context.addCookies([{ ...cookie, url: baseURL }]);
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    pages.set(key, page);
    return page;
  }

  test.each(cases)('$route as $role ($locale)', async ({ route, role, locale }) => {
    const entry = PAGES[route]!;
    const path = entry.path ? entry.path(seeded!) : route;
    const page = await pageFor(role, locale);
    const response = await page.goto(path);
    expect(response?.status(), `${path} answered`).toBe(200);
    expect(new URL(page.url()).pathname, `${path} stayed at its address`).toBe(
      entry.landsOn ?? path,
    );
    await waitForEnhanced(page);
    if (entry.shows) await page.locator(entry.shows).first().waitFor();
    await expectNoAxeViolations(page, `${route} as ${role} (${locale})`);
  });
});
