/**
 * The help loop with nobody watching a page, by SMS and by LINE: the real worker process sends
 * the offer through the local Twilio / LINE stand-ins (services/dev-providers), the volunteer
 * answers by replying 「1」 — posted by the stand-in to the API's webhook with the provider's
 * signature, as the provider would — and the resident hears that a helper is coming by their own
 * channel. Late and unclear replies get an answer back at the stand-in, never silence. Chromium
 * is where a person looks: the coordinator approves, the resident reads their request's page.
 */
import { startMailServer, type MailServer, type ReceivedMail } from '@sasaeai/dev-mail';
import { startProviderServer, type Provider, type ReceivedMessage } from '@sasaeai/dev-providers';
import { matches } from '@sasaeai/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  CHUO_ADDRESS,
  makeResident,
  makeVolunteer,
  NAGAYAMA_ADDRESS,
} from '../../services/api/test/help-loop-fixtures.ts';
import { startWorkerProcess } from '../integration/worker-process.ts';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJs,
  expectText,
  openPage,
  useBrowser,
  waitForEnhanced,
} from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

// Started before the API, whose environment must carry the stand-ins' secrets and address.
const providers = await startProviderServer();
const server = useWebServer({
  TWILIO_AUTH_TOKEN: providers.credentials.twilioAuthToken,
  LINE_CHANNEL_SECRET: providers.credentials.lineChannelSecret,
  LINE_CHANNEL_ACCESS_TOKEN: providers.credentials.lineChannelAccessToken,
  LINE_API_URL: providers.url,
});
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
    TWILIO_API_URL: providers.url,
    TWILIO_ACCOUNT_SID: providers.credentials.twilioAccountSid,
    TWILIO_AUTH_TOKEN: providers.credentials.twilioAuthToken,
    TWILIO_FROM: '+815000000000',
    LINE_API_URL: providers.url,
    LINE_CHANNEL_ACCESS_TOKEN: providers.credentials.lineChannelAccessToken,
  });
});
afterAll(async () => {
  expect(await worker.stop()).toBe(0);
  await mail.close();
  await providers.close();
});

const WAIT = { timeout: 60_000, interval: 200 };

async function as(email: string) {
  const cookie = await sessionCookieFor(server(), email, TEST_PASSWORD);
  const call = (method: string, path: string, body?: unknown) =>
    apiRequest(server(), path, {
      method,
      headers: { cookie: `${cookie.name}=${cookie.value}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { cookie, call };
}

/** Everything the stand-in's phone (number or LINE id) has been sent so far. */
const messagesTo = (to: string) => providers.messages.filter((m) => m.to === to);

/** The first message to `to` whose text matches, once it has arrived at the stand-in. */
function messageTo(to: string, text: RegExp, after = 0): Promise<ReceivedMessage> {
  return vi.waitFor(() => {
    const found = messagesTo(to)
      .slice(after)
      .find((m) => text.test(m.text));
    if (!found) throw new Error(`no message to ${to} matching ${text}`);
    return found;
  }, WAIT);
}

function mailTo(address: string, subject: RegExp): Promise<ReceivedMail> {
  return vi.waitFor(() => {
    const found = mail.mails.find((m) => m.envelopeTo.includes(address) && subject.test(m.subject));
    if (!found) throw new Error(`no mail to ${address} matching ${subject}`);
    return found;
  }, WAIT);
}

/**
 * The person replies from their phone: the stand-in posts the signed webhook, as Twilio or
 * LINE would, and keeps the service's answer as a message back to them, which is returned.
 */
async function reply(provider: Provider, from: string, text: string): Promise<string> {
  const before = messagesTo(from).length;
  const answered = await providers.sendInbound(provider, {
    from,
    text,
    webhookUrl: `${server().url}/api/webhooks/${provider}`,
    // Twilio signs the public address (the API checks against PUBLIC_BASE_URL, as behind a proxy).
    signedUrl: `${server().config.PUBLIC_BASE_URL}/api/webhooks/${provider}`,
  });
  expect(answered.status).toBe(200);
  const answer = await vi.waitFor(() => {
    const next = messagesTo(from)[before];
    if (!next) throw new Error(`no answer to ${JSON.stringify(text)} came back`);
    return next;
  }, WAIT);
  return answer.text;
}

const preferences = (channelOrder: string[], smsPhone: string | null) => ({
  channelOrder,
  smsPhone,
  language: 'ja',
  quietStartHour: null,
  quietEndHour: null,
});

/** The resident asks for snow clearing as soon as possible; the worker proposes a helper. */
async function askAndAwaitProposal(residentEmail: string) {
  const resident = await as(residentEmail);
  const asked = await resident.call('POST', '/api/help-requests', {
    category: 'snow',
    when: { kind: 'asap' },
    where: { kind: 'profile' },
    notes: '玄関前の雪をお願いします',
  });
  expect(asked.status).toBe(201);
  const requestId = ((await asked.json()) as { request: { id: string } }).request.id;
  const matchId = await vi.waitFor(async () => {
    const [match] = await server()
      .database.db.select({ id: matches.id })
      .from(matches)
      .where(eq(matches.requestId, requestId));
    if (!match) throw new Error('not proposed yet');
    return match.id;
  }, WAIT);
  return { resident, requestId, matchId };
}

/** The coordinator approves the proposal on their page (Chromium), which offers it. */
async function approveInBrowser(coordinatorEmail: string, matchId: string) {
  const cookie = await sessionCookieFor(server(), coordinatorEmail, TEST_PASSWORD);
  const { page } = await openPage(browser(), { baseURL: server().url, cookies: [cookie] });
  await page.goto('/coordinator');
  await waitForEnhanced(page);
  const proposal = page.locator(`#match-${matchId}`);
  await proposal.getByRole('button', { name: /^承認する/ }).click();
  await page.getByText('承認しました。').waitFor();
  await proposal.waitFor({ state: 'detached' });
  await expectNoAxeViolations(page, '/coordinator after approving');
}

/** The resident's own page (JavaScript off, as on an old phone) says a helper is coming. */
async function residentSeesHelperFound(residentEmail: string, requestId: string) {
  const cookie = await sessionCookieFor(server(), residentEmail, TEST_PASSWORD);
  const { page } = await openPage(browser(), {
    baseURL: server().url,
    cookies: [cookie],
    javaScriptEnabled: false,
  });
  await page.goto(`/requests/${requestId}`);
  await expectText(page.locator('main #current-status')).toBe('手伝う人が 決まりました');
  await expectNoAxeViolationsWithoutJs(page, '/requests/[id] accepted by a reply');
}

async function statusOf(matchId: string) {
  const [row] = await server()
    .database.db.select({ status: matches.status })
    .from(matches)
    .where(eq(matches.id, matchId));
  return row?.status;
}

describe('with nobody watching a page, by SMS and LINE', () => {
  test('SMS first: offer by SMS → reply 「1」 → resident told by SMS → late and unclear replies answered → thanks by SMS', async () => {
    const resident = await makeResident(server().database);
    const volunteer = await makeVolunteer(server().database, 'chuo');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const volunteerPhone = '+819055510101';
    const residentPhone = '+818055520202';

    // The volunteer puts SMS first on their own preferences; the coordinator does it for the
    // resident (as for someone who phoned the centre).
    const volunteerApi = await as(volunteer.email);
    const saved = await volunteerApi.call(
      'PUT',
      '/api/me/notification-preferences',
      preferences(['sms', 'email'], '090-5551-0101'),
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      preferences: { channelOrder: ['sms', 'email'], smsPhone: volunteerPhone },
    });
    const coordinatorApi = await as(coordinator.email);
    expect(
      (
        await coordinatorApi.call(
          'PUT',
          `/api/residents/${resident.id}/notification-preferences`,
          preferences(['sms'], '080-5552-0202'),
        )
      ).status,
    ).toBe(200);

    const { resident: residentApi, requestId, matchId } = await askAndAwaitProposal(resident.email);
    await approveInBrowser(coordinator.email, matchId);

    // The offer arrives as an SMS, asking for 「1」 or 「2」, without the address.
    const offer = await messageTo(volunteerPhone, /「1」/);
    expect(offer).toMatchObject({ provider: 'sms', from: '+815000000000' });
    expect(offer.text).toContain('雪かき');
    expect(offer.text).not.toContain(CHUO_ADDRESS);

    // Replying 「1」 accepts it; the answer comes back by SMS.
    expect(await reply('sms', volunteerPhone, '1')).toContain('引き受けました');
    expect(await statusOf(matchId)).toBe('accepted');

    // The resident is told by SMS, in plain words, and their page says so too.
    const found = await messageTo(residentPhone, /てつだう 人が 決まりました/);
    expect(found.text).not.toContain(CHUO_ADDRESS);
    await residentSeesHelperFound(resident.email, requestId);

    // A late 「1」 (already answered) and an unclear word are each answered, and change nothing.
    const late = await reply('sms', volunteerPhone, '1');
    expect(late).toContain('もう 引き受けて います');
    expect(await reply('sms', volunteerPhone, 'foo')).toContain('「1」');
    expect(await reply('sms', '+819055599999', '1')).toContain('登録されていません');
    expect(await statusOf(matchId)).toBe('accepted');

    // Done, and thanked: the volunteer reads the resident's own words by SMS.
    expect(
      (await volunteerApi.call('POST', `/api/matches/${matchId}/complete`, { minutesSpent: 30 }))
        .status,
    ).toBe(200);
    expect(
      (
        await residentApi.call('POST', `/api/help-requests/${requestId}/thanks`, {
          message: '雪が なくなって 助かりました',
        })
      ).status,
    ).toBe(201);
    await messageTo(volunteerPhone, /雪が なくなって 助かりました/);
    // SMS came first, so none of it went by mail.
    expect(mail.mails.filter((m) => m.envelopeTo.includes(volunteer.email))).toEqual([]);
  });

  test('LINE first: link by code → offer on LINE → reply 「1」 → resident told by mail; unclear reply answered', async () => {
    const resident = await makeResident(server().database, NAGAYAMA_ADDRESS, 'nagayama');
    const volunteer = await makeVolunteer(server().database, 'nagayama');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'nagayama' }],
    });
    const lineUserId = 'U' + crypto.randomUUID().replaceAll('-', '');

    // The volunteer links LINE by sending the one-time code from their account to the bot.
    const volunteerApi = await as(volunteer.email);
    const issued = await volunteerApi.call('POST', '/api/me/notification-preferences/line-code');
    expect(issued.status).toBe(200);
    const { lineLinkCode } = ((await issued.json()) as { preferences: { lineLinkCode: string } })
      .preferences;
    expect(await reply('line', lineUserId, lineLinkCode)).toContain('つながりました');
    const saved = await volunteerApi.call(
      'PUT',
      '/api/me/notification-preferences',
      preferences(['line', 'email'], null),
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      preferences: { channelOrder: ['line', 'email'], lineLinked: true },
    });

    const { requestId, matchId } = await askAndAwaitProposal(resident.email);
    await approveInBrowser(coordinator.email, matchId);

    // The offer arrives as a LINE push (keyed for retries), without the address.
    const offer = await messageTo(lineUserId, /「1」/);
    expect(offer.provider).toBe('line');
    expect(offer.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(offer.text).not.toContain(NAGAYAMA_ADDRESS);

    // An unclear reply first: told how to answer, and nothing changes.
    expect(await reply('line', lineUserId, 'foo')).toContain('「1」');
    expect(await statusOf(matchId)).toBe('offered');
    // 「1」 accepts; the answer comes back on LINE (the reply API).
    expect(await reply('line', lineUserId, '1')).toContain('引き受けました');
    expect(await statusOf(matchId)).toBe('accepted');
    expect(await reply('line', lineUserId, '2')).toContain('もう 引き受けて います');
    expect(await statusOf(matchId)).toBe('accepted');

    // The resident (e-mail, the default) hears a helper is coming; their page says so.
    const found = await mailTo(resident.email, /てつだう 人が 決まりました/);
    expect(found.text).not.toContain(NAGAYAMA_ADDRESS);
    await residentSeesHelperFound(resident.email, requestId);
    // LINE came first, so none of it went by mail.
    expect(mail.mails.filter((m) => m.envelopeTo.includes(volunteer.email))).toEqual([]);
  });

  test('an offer that expired before the 「1」 came: the reply is told it closed, nothing is accepted', async () => {
    // 江丹別, far from the other tests' districts, so only this volunteer is proposed.
    const resident = await makeResident(
      server().database,
      '旭川市江丹別町中央120番地',
      'etanbetsu',
    );
    const volunteer = await makeVolunteer(server().database, 'etanbetsu');
    const coordinator = await seedUser(server(), {
      roles: [{ role: 'coordinator', district: 'etanbetsu' }],
    });
    const volunteerPhone = '+819055530303';
    const volunteerApi = await as(volunteer.email);
    expect(
      (
        await volunteerApi.call(
          'PUT',
          '/api/me/notification-preferences',
          preferences(['sms'], '090-5553-0303'),
        )
      ).status,
    ).toBe(200);
    const { matchId } = await askAndAwaitProposal(resident.email);
    await approveInBrowser(coordinator.email, matchId);
    await messageTo(volunteerPhone, /「1」/);

    // Morning comes and goes: the answer time runs out, and the worker expires the offer.
    await server()
      .database.db.update(matches)
      .set({ offerExpiresAt: new Date(Date.now() - 1_000) })
      .where(eq(matches.id, matchId));
    await vi.waitFor(async () => expect(await statusOf(matchId)).toBe('expired'), WAIT);

    expect(await reply('sms', volunteerPhone, '1')).toContain('しめきりました');
    expect(await statusOf(matchId)).toBe('expired');
  });
});
