/**
 * The help loop with nobody watching a page: the real worker process matches the request and
 * sends its mails through a real SMTP server (the development mailbox); the volunteer answers
 * the offer by the one-tap link in the mail, in Chromium with JavaScript off and without
 * logging in; the resident hears that a helper is coming, and the volunteer gets the resident's
 * thanks — every message read back from the SMTP server.
 */
import { startMailServer, type MailServer, type ReceivedMail } from '@sasaeai/dev-mail';
import { matches } from '@sasaeai/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  CHUO_ADDRESS,
  makeResident,
  makeVolunteer,
} from '../../services/api/test/help-loop-fixtures.ts';
import { startWorkerProcess } from '../integration/worker-process.ts';
import { expectNoAxeViolationsWithoutJs, expectText, openPage, useBrowser } from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();
let mail: MailServer;
let worker: ReturnType<typeof startWorkerProcess>;

beforeAll(async () => {
  mail = await startMailServer();
  worker = startWorkerProcess({
    DATABASE_URL: server().database.url,
    REDIS_PREFIX: server().config.REDIS_PREFIX,
    SMTP_URL: mail.url,
    PUBLIC_BASE_URL: server().url,
  });
});
afterAll(async () => {
  expect(await worker.stop()).toBe(0);
  await mail.close();
});

async function as(email: string) {
  const cookie = await sessionCookieFor(server(), email, TEST_PASSWORD);
  return (path: string, body?: unknown) =>
    apiRequest(server(), path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: `${cookie.name}=${cookie.value}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** The first mail to `address` whose subject matches, once the worker has sent it. */
function mailTo(address: string, subject: RegExp): Promise<ReceivedMail> {
  return vi.waitFor(
    () => {
      const found = mail.mails.find(
        (m) => m.envelopeTo.includes(address) && subject.test(m.subject),
      );
      if (!found) throw new Error(`no mail to ${address} matching ${subject}`);
      return found;
    },
    { timeout: 60_000, interval: 200 },
  );
}

describe('with nobody watching a page', () => {
  test('offer by mail → one-tap accept → "a helper is coming" → thanks by mail', async () => {
    const resident = await makeResident(server().database);
    const volunteer = await makeVolunteer(server().database, 'chuo');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const residentApi = await as(resident.email);

    // The resident asks (as soon as possible, so the task can be done today).
    const asked = await residentApi('/api/help-requests', {
      category: 'snow',
      when: { kind: 'asap' },
      where: { kind: 'profile' },
      notes: '玄関前の雪をお願いします',
    });
    expect(asked.status).toBe(201);
    const requestId = ((await asked.json()) as { request: { id: string } }).request.id;

    // The worker proposes the volunteer; the coordinator approves, which offers it.
    const matchId = await vi.waitFor(
      async () => {
        const [match] = await server()
          .database.db.select({ id: matches.id })
          .from(matches)
          .where(eq(matches.requestId, requestId));
        if (!match) throw new Error('not proposed yet');
        return match.id;
      },
      { timeout: 60_000, interval: 200 },
    );
    const approved = await (await as(coordinator.email))(`/api/matches/${matchId}/approve`, {});
    expect(approved.status).toBe(200);

    // The offer reaches the volunteer by mail, with one-tap links and no address.
    const offer = await mailTo(volunteer.email, /お手伝いの依頼/);
    expect(offer.text).not.toContain(CHUO_ADDRESS);
    const acceptUrl = /引き受ける: (\S+)/.exec(offer.text)?.[1];
    expect(acceptUrl).toMatch(new RegExp(`^${server().url}/a/`));

    // One tap, JavaScript off, not logged in: the address appears only after accepting.
    const { page } = await openPage(browser(), { baseURL: server().url, javaScriptEnabled: false });
    await page.goto(acceptUrl!);
    await expectText(page.locator('dl.summary')).toContain('玄関前の雪をお願いします');
    expect(await page.content()).not.toContain(CHUO_ADDRESS);
    await page.getByRole('button', { name: '引き受ける' }).click();
    await expectText(page.locator('h1')).toBe('引き受けました');
    await expectText(page.locator('dl.contact')).toContain(CHUO_ADDRESS);
    await expectNoAxeViolationsWithoutJs(page, '/a/[token] accepted from a mail');

    // The resident hears a helper is coming, in plain words.
    const found = await mailTo(resident.email, /てつだう 人が 決まりました/);
    expect(found.text).toContain('雪かき');

    // Done, and thanked: the volunteer reads the resident's own words in the mail.
    const volunteerApi = await as(volunteer.email);
    expect(
      (await volunteerApi(`/api/matches/${matchId}/complete`, { minutesSpent: 45 })).status,
    ).toBe(200);
    const thanked = await residentApi(`/api/help-requests/${requestId}/thanks`, {
      message: '朝早くから 本当に ありがとう ございました',
    });
    expect(thanked.status).toBe(201);
    const thanks = await mailTo(volunteer.email, /ありがとうの メッセージ/);
    expect(thanks.text).toContain('朝早くから 本当に ありがとう ございました');
  });
});
