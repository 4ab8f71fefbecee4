import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { acceptOffer, approveMatch, completeMatch, proposeMatch } from '@sasaeai/db/help-loop';
import {
  auditEvents,
  helpRequests,
  inboundMessages,
  matches,
  notificationPreferences,
  notifications,
  residentProfiles,
  sessions,
  users,
} from '@sasaeai/db/schema';
import { createHelpRequest } from '../src/use-cases/create-help-request.ts';
import { loadSessionUser } from '../src/repositories/users-repository.ts';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  CHUO_ADDRESS,
  jstDate,
  makeResident,
  makeVolunteer,
  snowRequest,
} from './help-loop-fixtures.ts';

/** Trust #11 (APPI): download one's data, ask for deletion, and a centre carrying it out. */
let t: TestApp;
let chuoCoordinator: string;
let kaguraCoordinator: string;
const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};

beforeAll(async () => {
  t = await createTestApp({}, 'personal');
  const own = await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] });
  const other = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'kagura' }],
  });
  chuoCoordinator = await logInAs(t.app, own.email);
  kaguraCoordinator = await logInAs(t.app, other.email);
});
afterAll(async () => {
  await t.close();
});

/** A resident's request in 中央 taken by a volunteer: `accepted`, or `completed` when asked. */
async function acceptedTask(resident: { id: string }, volunteer: { id: string }, done = false) {
  const actor = (await loadSessionUser(t.database.db, resident.id))!;
  const { requestId } = await createHelpRequest(t.database.db, {
    actor,
    now: new Date(Date.now() - 400 * 86_400_000),
    body: {
      ...snowRequest({ when: { kind: 'window', date: jstDate(-1), from: '08:00', to: '11:00' } }),
      peopleNeeded: 1,
      urgency: 'normal',
      sensitiveNotes: '膝が悪い',
      sensitiveConsent: true,
    } as never,
  });
  const { matchId } = await proposeMatch(t.database.db, {
    requestId,
    volunteerId: volunteer.id,
    score: 1,
    breakdown,
  });
  await approveMatch(t.database.db, matchId!, resident.id);
  await acceptOffer(t.database.db, matchId!, volunteer.id);
  if (done) {
    await completeMatch(t.database.db, {
      matchId: matchId!,
      volunteerId: volunteer.id,
      minutesSpent: 40,
      concern: true,
      wellbeingNote: '元気がない様子',
    });
  }
  return { requestId, matchId: matchId! };
}

const askDeletion = (cookie: string) =>
  request(t.app, { method: 'POST', url: '/api/me/deletion-request', cookie });

describe('download my data', () => {
  it('gives a resident their profile, requests, helpers by shown name and who saw the address', async () => {
    const resident = await makeResident(t.database);
    const volunteer = await makeVolunteer(t.database);
    await t.database.db
      .update(users)
      .set({ displayName: 'ゆきかき太郎' })
      .where(eq(users.id, volunteer.id));
    const { requestId } = await acceptedTask(resident, volunteer);
    await t.database.db
      .update(residentProfiles)
      .set({ emergencyContactName: '旭川 次郎', emergencyContactRelation: '長男' })
      .where(eq(residentProfiles.userId, resident.id));
    // The volunteer opens the task: the reveal is audited and shows in the resident's export.
    const volunteerCookie = await logInAs(t.app, volunteer.email);
    await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: volunteerCookie,
    });

    const response = await request(t.app, {
      method: 'GET',
      url: '/api/me/data',
      cookie: await logInAs(t.app, resident.email),
    });
    expect(response.statusCode).toBe(200);
    const data = response.json();
    expect(data.account.id).toBe(resident.id);
    expect(data.residentProfile.address).toBe(CHUO_ADDRESS);
    expect(data.residentProfile.emergencyContact).toEqual({
      name: '旭川 次郎',
      relation: '長男',
      phone: null,
    });
    expect(data.requests).toHaveLength(1);
    expect(data.requests[0].sensitiveNotes).toBe('膝が悪い');
    expect(data.requests[0].helpers).toEqual([{ displayName: 'ゆきかき太郎', status: 'accepted' }]);
    expect(
      data.addressViews.some(
        (v: { via: string; viewer: string }) =>
          v.via === 'volunteer' && v.viewer === 'ゆきかき太郎',
      ),
    ).toBe(true);
    // Nothing of the volunteer beyond the name they show to others.
    expect(response.body).not.toContain(volunteer.email);
    expect(response.body).not.toContain(volunteer.id);
  });

  it('gives a volunteer what they did and wrote, without the resident’s name or address', async () => {
    const resident = await makeResident(t.database);
    const volunteer = await makeVolunteer(t.database);
    await acceptedTask(resident, volunteer, true);
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/me/data',
      cookie: await logInAs(t.app, volunteer.email),
    });
    expect(response.statusCode).toBe(200);
    const data = response.json();
    expect(data.helped).toHaveLength(1);
    expect(data.helped[0]).toMatchObject({ status: 'completed', minutesSpent: 40 });
    expect(data.concernsWritten).toHaveLength(1);
    expect(response.body).not.toContain(CHUO_ADDRESS);
    expect(response.body).not.toContain('旭川 花子');
    expect(response.body).not.toContain('膝が悪い');
    expect(response.body).not.toContain(resident.email);
    expect(data.notificationPreferences).toBeNull();
    expect(data.messagesSent).toEqual([]);
  });

  it('includes how they are reached by SMS / LINE and what they texted, not the LINE id', async () => {
    const volunteer = await makeVolunteer(t.database);
    const lineUserId = 'U' + 'b2'.repeat(16);
    await t.database.db.insert(notificationPreferences).values({
      userId: volunteer.id,
      smsPhone: '+819077778888',
      lineUserId,
      channelOrder: ['sms', 'line', 'email'],
    });
    await t.database.db.insert(inboundMessages).values({
      channel: 'sms',
      providerMessageId: `SM${crypto.randomUUID()}`,
      sender: '+819077778888',
      userId: volunteer.id,
      body: 'はい 行きます',
      intent: 'accept',
      outcome: 'no_offer',
    });
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/me/data',
      cookie: await logInAs(t.app, volunteer.email),
    });
    expect(response.statusCode).toBe(200);
    const data = response.json();
    expect(data.notificationPreferences).toEqual({
      channelOrder: ['sms', 'line', 'email'],
      smsPhone: '+819077778888',
      lineLinked: true,
      quietStartHour: null,
      quietEndHour: null,
    });
    expect(data.messagesSent).toEqual([
      expect.objectContaining({ channel: 'sms', text: 'はい 行きます', outcome: 'no_offer' }),
    ]);
    expect(response.body).not.toContain(lineUserId);
  });

  it('refuses a signed-out caller', async () => {
    const response = await request(t.app, { method: 'GET', url: '/api/me/data' });
    expect(response.statusCode).toBe(401);
  });
});

describe('asking for deletion', () => {
  it('records one open request per person and shows it back', async () => {
    const resident = await makeResident(t.database);
    const cookie = await logInAs(t.app, resident.email);
    const first = await askDeletion(cookie);
    const again = await askDeletion(cookie);
    expect(first.statusCode).toBe(201);
    expect(again.json().request.id).toBe(first.json().request.id);
    const mine = await request(t.app, { method: 'GET', url: '/api/me/deletion-request', cookie });
    expect(mine.json().request).toMatchObject({ status: 'requested', reason: null });
    // The centre of the person's district lists it; another district's does not.
    const own = await request(t.app, {
      method: 'GET',
      url: '/api/deletion-requests',
      cookie: chuoCoordinator,
    });
    expect(own.json().requests.map((r: { id: string }) => r.id)).toContain(first.json().request.id);
    const other = await request(t.app, {
      method: 'GET',
      url: '/api/deletion-requests',
      cookie: kaguraCoordinator,
    });
    expect(other.json().requests).toEqual([]);
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['too long', 'あ'.repeat(501)],
    ['only spaces', '   \u3000 '],
    ['a lone surrogate', 'あ\ud800'],
    ['a bell character', 'a\u0007b'],
  ])(
    'refuses a refusal reason that is %s with a field error, changing nothing',
    async (_, reason) => {
      const resident = await makeResident(t.database);
      const asked = await askDeletion(await logInAs(t.app, resident.email));
      const id = asked.json().request.id;
      const response = await request(t.app, {
        method: 'POST',
        url: `/api/deletion-requests/${id}/refuse`,
        cookie: chuoCoordinator,
        payload: { reason },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields[0].field).toBe('body.reason');
      const mine = await request(t.app, {
        method: 'GET',
        url: '/api/me/deletion-request',
        cookie: await logInAs(t.app, resident.email),
      });
      expect(mine.json().request.status).toBe('requested');
    },
  );

  it('a refusal is shown to the person with its reason, and cannot be decided twice', async () => {
    const resident = await makeResident(t.database);
    const cookie = await logInAs(t.app, resident.email);
    const id = (await askDeletion(cookie)).json().request.id;
    const refuse = () =>
      request(t.app, {
        method: 'POST',
        url: `/api/deletion-requests/${id}/refuse`,
        cookie: chuoCoordinator,
        payload: { reason: '手伝いの 途中です。終わってから もう一度 お申し込みください。' },
      });
    expect((await refuse()).statusCode).toBe(200);
    expect((await refuse()).statusCode).toBe(409);
    const mine = await request(t.app, { method: 'GET', url: '/api/me/deletion-request', cookie });
    expect(mine.json().request).toMatchObject({ status: 'refused' });
    expect(mine.json().request.reason).toContain('途中');
  });
});

describe('carrying out a deletion', () => {
  it('anonymises a resident with a live accepted task: the volunteer loses the address, history stays', async () => {
    const resident = await makeResident(t.database);
    const volunteer = await makeVolunteer(t.database);
    const past = await acceptedTask(resident, volunteer, true);
    const live = await acceptedTask(resident, volunteer);
    const residentCookie = await logInAs(t.app, resident.email);
    const volunteerCookie = await logInAs(t.app, volunteer.email);
    const before = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${live.requestId}`,
      cookie: volunteerCookie,
    });
    expect(before.body).toContain(CHUO_ADDRESS);

    await t.database.db
      .update(residentProfiles)
      .set({ emergencyContactName: '旭川 次郎', emergencyContactPhone: '090-1111-2222' })
      .where(eq(residentProfiles.userId, resident.id));
    await t.database.db.insert(notificationPreferences).values({
      userId: resident.id,
      smsPhone: '+819012345678',
      proxyName: '旭川 一郎',
      proxyRelationship: 'family',
      proxyEmail: 'ichiro@example.test',
    });
    const id = (await askDeletion(residentCookie)).json().request.id;
    // Another district's coordinator cannot see or carry it out.
    const stranger = await request(t.app, {
      method: 'POST',
      url: `/api/deletion-requests/${id}/carry-out`,
      cookie: kaguraCoordinator,
    });
    expect(stranger.statusCode).toBe(404);
    const done = await request(t.app, {
      method: 'POST',
      url: `/api/deletion-requests/${id}/carry-out`,
      cookie: chuoCoordinator,
    });
    expect(done.statusCode).toBe(200);

    // The person is signed out everywhere and cannot sign in again.
    expect(
      (await request(t.app, { method: 'GET', url: '/api/me', cookie: residentCookie })).statusCode,
    ).toBe(401);
    expect(
      await t.database.db.select().from(sessions).where(eq(sessions.userId, resident.id)),
    ).toEqual([]);
    const login = await request(t.app, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: resident.email, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(401);

    // The live task ended through the guarded move; the volunteer sees no address any more.
    const [liveMatch] = await t.database.db
      .select()
      .from(matches)
      .where(eq(matches.id, live.matchId));
    expect(liveMatch!.status).toBe('cancelled');
    const after = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${live.requestId}`,
      cookie: volunteerCookie,
    });
    expect(after.body).not.toContain(CHUO_ADDRESS);
    const offers = await request(t.app, {
      method: 'GET',
      url: '/api/me/offers',
      cookie: volunteerCookie,
    });
    expect(offers.body).not.toContain(CHUO_ADDRESS);

    // Contact, notes and names are erased; the rows the figures count stay.
    const [user] = await t.database.db.select().from(users).where(eq(users.id, resident.id));
    expect(user).toMatchObject({ displayName: '削除済み', email: null, passwordHash: null });
    const [profile] = await t.database.db
      .select()
      .from(residentProfiles)
      .where(eq(residentProfiles.userId, resident.id));
    expect(profile).toMatchObject({
      fullName: '削除済み',
      phone: null,
      address: null,
      emergencyContactName: null,
      emergencyContactPhone: null,
    });
    expect(
      await t.database.db
        .select()
        .from(notificationPreferences)
        .where(eq(notificationPreferences.userId, resident.id)),
    ).toEqual([]);
    const requests = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.residentId, resident.id));
    expect(requests).toHaveLength(2);
    for (const row of requests) {
      expect(row).toMatchObject({ address: '削除済み', notes: null, sensitiveNotes: null });
    }
    const [pastMatch] = await t.database.db
      .select()
      .from(matches)
      .where(eq(matches.id, past.matchId));
    expect(pastMatch).toMatchObject({ status: 'completed', minutesSpent: 40 });

    // Audited with ids only.
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'account.anonymised'), eq(auditEvents.subjectId, resident.id)),
      );
    expect(audit!.details).toEqual({ deletionRequestId: id });
    // Done once: carrying it out again is a conflict, not a second anonymisation.
    const twice = await request(t.app, {
      method: 'POST',
      url: `/api/deletion-requests/${id}/carry-out`,
      cookie: chuoCoordinator,
    });
    expect(twice.statusCode).toBe(409);
  });

  it('withdraws a leaving volunteer’s accepted task, so the request is matched again', async () => {
    const resident = await makeResident(t.database);
    const volunteer = await makeVolunteer(t.database);
    const live = await acceptedTask(resident, volunteer);
    const volunteerCookie = await logInAs(t.app, volunteer.email);
    const id = (await askDeletion(volunteerCookie)).json().request.id;
    const done = await request(t.app, {
      method: 'POST',
      url: `/api/deletion-requests/${id}/carry-out`,
      cookie: chuoCoordinator,
    });
    expect(done.statusCode).toBe(200);
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, live.matchId));
    expect(match!.status).toBe('cancelled');
    const [requestRow] = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, live.requestId));
    expect(requestRow!.status).toBe('matching');
    // The resident's request keeps its address: only the leaving person's data is erased.
    expect(requestRow!.address).toBe(CHUO_ADDRESS);
    expect(
      (await request(t.app, { method: 'GET', url: '/api/me', cookie: volunteerCookie })).statusCode,
    ).toBe(401);
  });
  it('erases the leaving person’s SMS number, LINE id, link code and what they texted', async () => {
    const volunteer = await makeVolunteer(t.database);
    const other = await makeVolunteer(t.database);
    const phone = '+819011112222';
    const lineUserId = 'U' + 'a1'.repeat(16);
    await t.database.db.insert(notificationPreferences).values([
      {
        userId: volunteer.id,
        smsPhone: phone,
        lineUserId,
        lineLinkCode: 'ZXCV2345',
        lineLinkCodeExpiresAt: new Date(Date.now() + 600_000),
        channelOrder: ['sms', 'line'],
      },
      { userId: other.id, smsPhone: '+819033334444', channelOrder: ['sms'] },
    ]);
    await t.database.db.insert(inboundMessages).values([
      // Before the number was theirs in our records: no user, but their number.
      {
        channel: 'sms',
        providerMessageId: 'SMold',
        sender: phone,
        body: '1 です',
        intent: 'accept',
        outcome: 'unknown_sender',
      },
      {
        channel: 'sms',
        providerMessageId: 'SMmine',
        sender: phone,
        userId: volunteer.id,
        body: 'はい 行けます',
        intent: 'accept',
        outcome: 'no_offer',
      },
      {
        channel: 'line',
        providerMessageId: 'LNmine',
        sender: lineUserId,
        userId: volunteer.id,
        body: 'ZXCV2345',
        intent: 'link',
        outcome: 'linked',
      },
      {
        channel: 'sms',
        providerMessageId: 'SMother',
        sender: '+819033334444',
        userId: other.id,
        body: '2',
        intent: 'decline',
        outcome: 'no_offer',
      },
      // A family member who shares the phone and stays keeps their own record.
      {
        channel: 'sms',
        providerMessageId: 'SMfamily',
        sender: phone,
        userId: other.id,
        body: 'いいえ',
        intent: 'decline',
        outcome: 'no_offer',
      },
    ]);
    const row = (channel: 'sms' | 'line' | 'phone_call', status: 'failed' | 'queued' | 'sent') => ({
      userId: volunteer.id,
      eventKey: `test.offer:${channel}:${volunteer.id}`,
      eventType: 'match.offered' as const,
      channel,
      template: 'offer',
      language: 'ja' as const,
      status,
      ...(status === 'failed' ? { lastError: 'sms 400 21211' } : {}),
    });
    // Tried by SMS and failed; waiting on LINE; on the coordinators' call list, not yet made.
    await t.database.db
      .insert(notifications)
      .values([row('sms', 'failed'), row('line', 'queued'), row('phone_call', 'sent')]);

    const cookie = await logInAs(t.app, volunteer.email);
    const id = (await askDeletion(cookie)).json().request.id;
    const done = await request(t.app, {
      method: 'POST',
      url: `/api/deletion-requests/${id}/carry-out`,
      cookie: chuoCoordinator,
    });
    expect(done.statusCode).toBe(200);

    const prefs = await t.database.db.select().from(notificationPreferences);
    expect(prefs.map((row) => row.userId)).not.toContain(volunteer.id);
    expect(JSON.stringify(prefs)).not.toContain(phone);
    expect(JSON.stringify(prefs)).not.toContain(lineUserId);
    expect(JSON.stringify(prefs)).not.toContain('ZXCV2345');
    const inbound = await t.database.db.select().from(inboundMessages);
    const family = inbound.find((row) => row.providerMessageId === 'SMfamily');
    expect(family).toMatchObject({ sender: phone, body: 'いいえ' });
    const theirs = JSON.stringify(inbound.filter((row) => row !== family));
    for (const kept of [phone, lineUserId, '1 です', 'はい 行けます', 'ZXCV2345']) {
      expect(theirs).not.toContain(kept);
    }
    // The rows stay (what was answered, and how), and another person's message is untouched.
    expect(inbound.filter((row) => row.body === '削除済み')).toHaveLength(3);
    expect(inbound.find((row) => row.providerMessageId === 'SMother')).toMatchObject({
      sender: '+819033334444',
      body: '2',
    });
    const sent = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, volunteer.id));
    expect(JSON.stringify(sent)).not.toMatch(/\+81|@/);
    // Nothing more reaches them: the waiting row and the call not yet made end as skipped.
    expect(
      sent.map((n) => [n.channel, n.status, n.lastError]).sort(([a], [b]) => a!.localeCompare(b!)),
    ).toEqual([
      ['line', 'skipped', 'anonymised'],
      ['phone_call', 'skipped', 'anonymised'],
      ['sms', 'failed', 'sms 400 21211'],
    ]);
  });
});

describe('retention period per district', () => {
  it('defaults to 3 years; the district’s centre sets it, another district’s cannot', async () => {
    const url = '/api/districts/chuo/settings';
    const read = await request(t.app, { method: 'GET', url, cookie: chuoCoordinator });
    expect(read.json().retentionYears).toBe(3);
    const set = (cookie: string, retentionYears: unknown) =>
      request(t.app, {
        method: 'PUT',
        url,
        cookie,
        payload: { autoApproveTrusted: false, offerTtlHours: 12, retentionYears },
      });
    expect((await set(kaguraCoordinator, 5)).statusCode).toBe(403);
    expect((await set(chuoCoordinator, 0)).statusCode).toBe(400);
    expect((await set(chuoCoordinator, '5')).statusCode).toBe(400);
    const saved = await set(chuoCoordinator, 5);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().retentionYears).toBe(5);
    // Omitting it keeps what the centre chose.
    const kept = await request(t.app, {
      method: 'PUT',
      url,
      cookie: chuoCoordinator,
      payload: { autoApproveTrusted: true, offerTtlHours: 12 },
    });
    expect(kept.json()).toMatchObject({ retentionYears: 5, autoApproveTrusted: true });
  });
});

describe('audit viewer', () => {
  it('shows the district’s coordinators who saw a resident’s address; never across districts', async () => {
    const resident = await makeResident(t.database);
    const volunteer = await makeVolunteer(t.database);
    const { requestId } = await acceptedTask(resident, volunteer);
    await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: await logInAs(t.app, volunteer.email),
    });
    const today = jstDate(0);
    const url = `/api/audit-events?resident=${resident.id}&from=${today}&to=${today}`;

    const own = await request(t.app, { method: 'GET', url, cookie: chuoCoordinator });
    expect(own.statusCode).toBe(200);
    const reveal = own
      .json()
      .entries.find((e: { action: string }) => e.action === 'resident.contact_revealed');
    expect(reveal).toMatchObject({
      via: 'volunteer',
      residentId: resident.id,
      district: 'chuo',
      subjectId: requestId,
    });
    expect(own.body).not.toContain(CHUO_ADDRESS);
    expect(
      own.json().entries.every((e: { residentId: string }) => e.residentId === resident.id),
    ).toBe(true);

    const other = await request(t.app, { method: 'GET', url, cookie: kaguraCoordinator });
    expect(other.json().entries).toEqual([]);
    // A day before the events: nothing.
    const yesterday = jstDate(-1);
    const before = await request(t.app, {
      method: 'GET',
      url: `/api/audit-events?resident=${resident.id}&to=${yesterday}`,
      cookie: chuoCoordinator,
    });
    expect(before.json().entries).toEqual([]);
  });

  it.each([
    ['page=0', 'query.page'],
    ['page=abc', 'query.page'],
    ['from=2026-13-40', 'query.from'],
    ['resident=%00', 'query.resident'],
  ])('refuses %s with a field error', async (query, field) => {
    const response = await request(t.app, {
      method: 'GET',
      url: `/api/audit-events?${query}`,
      cookie: chuoCoordinator,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0].field).toBe(field);
  });
});
