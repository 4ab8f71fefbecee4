import { createHmac } from 'node:crypto';
import { startProviderServer, type ProviderServer } from '@sasaeai/dev-providers';
import { approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { auditEvents, inboundMessages, matches, notificationPreferences } from '@sasaeai/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, request, startTestServer, type TestServer } from './helper.ts';
import { makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';
import { logInAs } from './helper.ts';

const PUBLIC = 'https://sasaeai.example.jp';
let providers: ProviderServer;
let server: TestServer;
let residentCookie: string;
let coordinatorId: string;
let serial = 0;

beforeAll(async () => {
  providers = await startProviderServer();
  server = await startTestServer({
    env: {
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_AUTH_TOKEN: providers.credentials.twilioAuthToken,
      LINE_CHANNEL_SECRET: providers.credentials.lineChannelSecret,
      LINE_CHANNEL_ACCESS_TOKEN: providers.credentials.lineChannelAccessToken,
      LINE_API_URL: providers.url,
    },
  });
  const resident = await makeResident(server.database);
  residentCookie = await logInAs(server.app, resident.email);
  coordinatorId = (
    await makeUser(server.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })
  ).id;
});

afterAll(async () => {
  await server.close();
  await providers.close();
});

const smsUrl = () => `${server.url}/api/webhooks/sms`;
const lineUrl = () => `${server.url}/api/webhooks/line`;

/** A volunteer reachable by SMS and LINE at numbers / ids of their own. */
async function volunteerWithPhone() {
  serial += 1;
  const volunteer = await makeVolunteer(server.database);
  const phone = `+8190${String(10_000_000 + serial)}`;
  const lineUserId = 'U' + serial.toString(16).padStart(32, '0');
  await server.database.db
    .insert(notificationPreferences)
    .values({ userId: volunteer.id, smsPhone: phone, lineUserId, channelOrder: ['sms', 'line'] });
  return { ...volunteer, phone, lineUserId };
}

/** A new request of the resident, offered to the volunteer. */
async function offerTo(volunteerId: string, daysAhead = 1) {
  const date = new Date(Date.now() + (daysAhead * 24 + 9) * 3_600_000).toISOString().slice(0, 10);
  const asked = await request(server.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: residentCookie,
    payload: snowRequest({ when: { kind: 'window', date, from: '08:00', to: '11:00' } }),
  });
  expect(asked.statusCode).toBe(201);
  const requestId = asked.json<{ request: { id: string } }>().request.id;
  const { matchId } = await proposeMatch(server.database.db, {
    requestId,
    volunteerId,
    score: 1,
    breakdown: { total: 1, terms: [{ term: 'distance', points: 1, detail: '' }] },
  });
  await approveMatch(server.database.db, matchId!, coordinatorId);
  return { requestId, matchId: matchId! };
}

async function statusOf(matchId: string) {
  const [row] = await server.database.db.select().from(matches).where(eq(matches.id, matchId));
  return row!.status;
}

/** The answer the sender got back (the local provider keeps it as a message to them). */
const lastTo = (to: string) => providers.messages.filter((m) => m.to === to).at(-1)?.text ?? '';

const sms = (from: string, text: string, id?: string) =>
  providers.sendInbound('sms', {
    from,
    text,
    webhookUrl: smsUrl(),
    signedUrl: `${PUBLIC}/api/webhooks/sms`,
    ...(id ? { id } : {}),
  });
const line = (from: string, text: string) =>
  providers.sendInbound('line', { from, text, webhookUrl: lineUrl() });

describe('webhook signatures', () => {
  it('SMS: a good signature is answered with TwiML; a bad or missing one is 403', async () => {
    const good = await sms('+819099999999', 'hello');
    expect(good.status).toBe(200);
    expect(good.body).toMatch(/^<\?xml[^>]*><Response><Message>[^<]+<\/Message><\/Response>$/);

    const form = { MessageSid: 'SM1', From: '+819099999999', Body: '1' };
    const payload = new URLSearchParams(form).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const missing = await server.app.inject({
      method: 'POST',
      url: '/api/webhooks/sms',
      headers,
      payload,
    });
    expect(missing.statusCode).toBe(403);
    const wrongKey = createHmac('sha1', 'not-the-token')
      .update(`${PUBLIC}/api/webhooks/smsBody1FromMessageSid`)
      .digest('base64');
    const bad = await server.app.inject({
      method: 'POST',
      url: '/api/webhooks/sms',
      headers: { ...headers, 'x-twilio-signature': wrongKey },
      payload,
    });
    expect(bad.statusCode).toBe(403);
    // Signed for other parameters (a tampered body).
    const signedOther = createHmac('sha1', providers.credentials.twilioAuthToken)
      .update(`${PUBLIC}/api/webhooks/smsBody2From+819099999999MessageSidSM1`)
      .digest('base64');
    const tampered = await server.app.inject({
      method: 'POST',
      url: '/api/webhooks/sms',
      headers: { ...headers, 'x-twilio-signature': signedOther },
      payload,
    });
    expect(tampered.statusCode).toBe(403);
    const rows = await server.database.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.providerMessageId, 'SM1'));
    expect(rows).toHaveLength(0);
  });

  it('LINE: a good signature is 200; a bad or missing one is 403', async () => {
    expect((await line('U' + 'f'.repeat(32), 'hello')).status).toBe(200);
    const body = JSON.stringify({ destination: 'U1', events: [] });
    const headers = { 'content-type': 'application/json' };
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/webhooks/line',
          headers,
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const signature = createHmac('sha256', 'wrong-secret').update(body).digest('base64');
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/webhooks/line',
          headers: { ...headers, 'x-line-signature': signature },
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    // LINE's own "verify" call: no events, signed — 200.
    const good = createHmac('sha256', providers.credentials.lineChannelSecret)
      .update(body)
      .digest('base64');
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/webhooks/line',
          headers: { ...headers, 'x-line-signature': good },
          payload: body,
        })
      ).statusCode,
    ).toBe(200);
  });

  it('a webhook whose secret is not configured answers 404', async () => {
    const bare = await createTestApp({}, 'webhooks-off');
    try {
      const sent = await bare.app.inject({ method: 'POST', url: '/api/webhooks/sms', payload: {} });
      expect(sent.statusCode).toBe(404);
      const lined = await bare.app.inject({
        method: 'POST',
        url: '/api/webhooks/line',
        payload: {},
      });
      expect(lined.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('answering an offer by reply', () => {
  it('SMS "1" accepts the latest live offer, with the same audit row as the app', async () => {
    const volunteer = await volunteerWithPhone();
    const { matchId } = await offerTo(volunteer.id);
    const answer = await sms(volunteer.phone, '１');
    expect(answer.status).toBe(200);
    expect(await statusOf(matchId)).toBe('accepted');
    expect(lastTo(volunteer.phone)).toContain('引き受けました');
    expect(lastTo(volunteer.phone)).toContain(`${PUBLIC}/volunteer`);
    const audit = await server.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, matchId), eq(auditEvents.action, 'match.accepted')));
    expect(audit).toEqual([expect.objectContaining({ actorId: volunteer.id })]);
    const [recorded] = await server.database.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.matchId, matchId));
    expect(recorded).toMatchObject({
      channel: 'sms',
      intent: 'accept',
      outcome: 'accepted',
      userId: volunteer.id,
    });
  });

  it('LINE "いいえ" declines it, and the answer comes back on LINE', async () => {
    const volunteer = await volunteerWithPhone();
    const { matchId } = await offerTo(volunteer.id);
    expect((await line(volunteer.lineUserId, 'いいえ')).status).toBe(200);
    expect(await statusOf(matchId)).toBe('declined');
    expect(lastTo(volunteer.lineUserId)).toContain('ことわりました');
  });

  it('a message delivered twice is handled once and answered the same', async () => {
    const volunteer = await volunteerWithPhone();
    const { matchId } = await offerTo(volunteer.id);
    await sms(volunteer.phone, '2', 'SMrepeat00000000000000000000000001');
    expect(await statusOf(matchId)).toBe('declined');
    const again = await sms(volunteer.phone, '2', 'SMrepeat00000000000000000000000001');
    expect(again.body).toContain('ことわりました');
    const rows = await server.database.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.providerMessageId, 'SMrepeat00000000000000000000000001'));
    expect(rows).toHaveLength(1);
  });

  it('an unknown sender gets a clear answer, nothing changes', async () => {
    const answer = await sms('+819000000001', '1');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('登録されていません');
  });

  it('a late reply (expired or withdrawn offer) is told so', async () => {
    const volunteer = await volunteerWithPhone();
    const { matchId } = await offerTo(volunteer.id);
    await server.database.db
      .update(matches)
      .set({ offerExpiresAt: new Date(Date.now() - 60_000) })
      .where(eq(matches.id, matchId));
    expect((await sms(volunteer.phone, 'はい')).body).toContain('しめきりました');
    expect(await statusOf(matchId)).toBe('offered');

    await server.database.db
      .update(matches)
      .set({ status: 'cancelled' })
      .where(eq(matches.id, matchId));
    expect((await sms(volunteer.phone, '1')).body).toContain('しめきりました');
    expect(await statusOf(matchId)).toBe('cancelled');
  });

  it('a reply to an offer already answered says so (not "closed"), and changes nothing', async () => {
    const volunteer = await volunteerWithPhone();
    const { matchId } = await offerTo(volunteer.id);
    await sms(volunteer.phone, '1');
    expect(await statusOf(matchId)).toBe('accepted');
    const again = await sms(volunteer.phone, '1');
    expect(again.body).toContain('もう 引き受けて います');
    expect(again.body).not.toContain('しめきりました');
    const giveBack = await line(volunteer.lineUserId, '2');
    expect(giveBack.status).toBe(200);
    expect(lastTo(volunteer.lineUserId)).toContain('もう 引き受けて います');
    expect(await statusOf(matchId)).toBe('accepted');

    const other = await volunteerWithPhone();
    const declined = await offerTo(other.id);
    await sms(other.phone, '2');
    expect((await sms(other.phone, '1')).body).toContain('もう ことわって います');
    expect(await statusOf(declined.matchId)).toBe('declined');
    const [recorded] = await server.database.db
      .select({ outcome: inboundMessages.outcome })
      .from(inboundMessages)
      .where(eq(inboundMessages.userId, other.id))
      .orderBy(inboundMessages.createdAt)
      .offset(1);
    expect(recorded?.outcome).toBe('already_declined');
  });

  it('no offer at all, in English for an English speaker', async () => {
    const volunteer = await volunteerWithPhone();
    const { users } = await import('@sasaeai/db/schema');
    await server.database.db.update(users).set({ locale: 'en' }).where(eq(users.id, volunteer.id));
    expect((await sms(volunteer.phone, 'yes')).body).toContain('no offer waiting');
  });

  it('garbage, NUL and huge text: a clear answer or a 4xx, never a 500', async () => {
    const volunteer = await volunteerWithPhone();
    const { matchId } = await offerTo(volunteer.id);
    const garbage = await sms(volunteer.phone, 'what is this about?');
    expect(garbage.status).toBe(200);
    expect(garbage.body).toContain('「1」');
    const nul = await sms(volunteer.phone, '1\u0000\u0000');
    expect(nul.status).toBe(200);
    expect(nul.body).toContain('「1」');
    const lone = await line(volunteer.lineUserId, '\uD800 1');
    expect(lone.status).toBe(200);
    const huge = await sms(volunteer.phone, 'x'.repeat(400_000));
    expect(huge.status).toBe(413);
    const long = await sms(volunteer.phone, '1'.repeat(5_000));
    expect(long.status).toBe(200);
    expect(await statusOf(matchId)).toBe('offered');
    const stored = await server.database.db
      .select({ body: inboundMessages.body })
      .from(inboundMessages)
      .where(eq(inboundMessages.userId, volunteer.id));
    expect(stored.every((row) => !row.body.includes('\u0000') && row.body.length <= 1_000)).toBe(
      true,
    );
  });
});

describe('linking LINE with a one-time code', () => {
  it('the code from the account page links the sender; a wrong or used code is told so', async () => {
    const volunteer = await volunteerWithPhone();
    await server.database.db
      .update(notificationPreferences)
      .set({
        lineUserId: null,
        lineLinkCode: 'ABCD2345',
        lineLinkCodeExpiresAt: new Date(Date.now() + 600_000),
      })
      .where(eq(notificationPreferences.userId, volunteer.id));
    const newLine = 'U' + 'e'.repeat(32);
    expect((await line(newLine, 'abcd 2345')).status).toBe(200);
    expect(lastTo(newLine)).toContain('つながりました');
    const [prefs] = await server.database.db
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, volunteer.id));
    expect(prefs).toMatchObject({ lineUserId: newLine, lineLinkCode: null });
    await line(newLine, 'ABCD2345');
    expect(lastTo(newLine)).toContain('コードが ちがうか');
  });
});
