import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  concerns,
  helpRequests,
  matches,
  outbox,
  roleAssignments,
} from '@sasaeai/db/schema';
import { acceptOffer, approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  CHUO_ADDRESS,
  districtIdOf,
  jstDate,
  makeResident,
  makeVolunteer,
  snowRequest,
} from './help-loop-fixtures.ts';

let t: TestApp;
let residentCookie: string;
let coordinatorCookie: string;
let otherCoordinatorCookie: string;
let volunteer: { id: string; email: string };
let volunteerCookie: string;
let otherVolunteerCookie: string;

const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};

beforeAll(async () => {
  t = await createTestApp({}, 'helploop');
  const resident = await makeResident(t.database);
  residentCookie = await logInAs(t.app, resident.email);
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorCookie = await logInAs(t.app, coordinator.email);
  const other = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'kagura' }],
  });
  otherCoordinatorCookie = await logInAs(t.app, other.email);
  volunteer = await makeVolunteer(t.database);
  volunteerCookie = await logInAs(t.app, volunteer.email);
  otherVolunteerCookie = await logInAs(t.app, (await makeVolunteer(t.database, 'kagura')).email);
});
afterAll(async () => {
  await t.close();
});

async function ask(body = snowRequest(), key?: string) {
  return request(t.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: residentCookie,
    payload: body,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
}

describe('asking for help', () => {
  it('creates a request in the district of the address, with an outbox row, in one step', async () => {
    const response = await ask();
    expect(response.statusCode).toBe(201);
    const view = response.json().request;
    expect(view).toMatchObject({
      category: 'snow',
      status: 'open',
      district: 'chuo',
      districtName: '中央',
      districtNameEn: 'Chuo',
    });
    expect(view.contact.address).toBe(CHUO_ADDRESS);
    const rows = await t.database.db.select().from(outbox);
    expect(rows.some((row) => (row.payload as { requestId?: string }).requestId === view.id)).toBe(
      true,
    );
  });

  it('answers with the same view a later GET gives, its audit event written with it', async () => {
    const created = await ask();
    expect(created.headers.location).toBe(`/api/help-requests/${created.json().request.id}`);
    const read = await request(t.app, {
      url: created.headers.location as string,
      cookie: residentCookie,
    });
    expect(created.json()).toEqual(read.json());
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, created.json().request.id));
    expect(audit.map((event) => [event.action, event.details])).toEqual([
      ['help_request.created', { viaProxy: false, category: 'snow' }],
    ]);
  });

  it('never creates a second request for a retried submission with the same Idempotency-Key', async () => {
    const key = `retry-${crypto.randomUUID()}`;
    const first = await ask(snowRequest(), key);
    const again = await ask(snowRequest(), key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().request.id).toBe(first.json().request.id);
    const rows = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.idempotencyKey, key));
    expect(rows).toHaveLength(1);
  });

  it('derives the district from another address', async () => {
    const response = await ask(
      snowRequest({ where: { kind: 'other', address: '旭川市永山3条5丁目2-10' } }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().request.district).toBe('nagayama');
  });

  it('refuses an address outside the known districts with a field error', async () => {
    const response = await ask(
      snowRequest({ where: { kind: 'other', address: '札幌市中央区北1条西2丁目' } }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0].field).toBe('body.where.address');
  });

  it('keeps sensitive notes with the time consent was given, shown as the address is', async () => {
    const note = '足が不自由です';
    const before = Date.now();
    const response = await ask(
      snowRequest({
        when: { kind: 'window', date: jstDate(15), from: '13:00', to: '15:00' },
        sensitiveNotes: note,
        sensitiveConsent: true,
      }),
    );
    expect(response.statusCode).toBe(201);
    const requestId = response.json().request.id as string;
    // The resident sees what they shared, as they see their own address.
    expect(response.json().request.contact.sensitiveNotes).toBe(note);
    const [row] = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(row!.sensitiveNotes).toBe(note);
    expect(row!.sensitiveConsentAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // The district's coordinators see it on the request, never in lists.
    const detail = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: coordinatorCookie,
    });
    expect(detail.json().request.contact.sensitiveNotes).toBe(note);
    const list = await request(t.app, {
      method: 'GET',
      url: '/api/help-requests',
      cookie: coordinatorCookie,
    });
    expect(list.body).not.toContain(note);

    // A volunteer: not while it is only offered; after accepting, with the address (audited).
    const helper = await makeVolunteer(t.database);
    const helperCookie = await logInAs(t.app, helper.email);
    const { matchId } = await proposeMatch(t.database.db, {
      requestId,
      volunteerId: helper.id,
      score: 1,
      breakdown,
    });
    await approveMatch(t.database.db, matchId!, helper.id);
    for (const url of [`/api/help-requests/${requestId}`, '/api/me/offers']) {
      const offered = await request(t.app, { method: 'GET', url, cookie: helperCookie });
      expect(offered.statusCode).toBe(200);
      expect(offered.body).not.toContain(note);
    }
    const accepted = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/accept`,
      cookie: helperCookie,
    });
    expect(accepted.json().match.contact.sensitiveNotes).toBe(note);
    const task = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: helperCookie,
    });
    expect(task.json().request.contact.sensitiveNotes).toBe(note);
    const reveals = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'resident.contact_revealed'),
          eq(auditEvents.subjectId, requestId),
          eq(auditEvents.actorId, helper.id),
        ),
      );
    expect(reveals.length).toBeGreaterThan(0);
  });

  it('refuses sensitive notes without consent, and a window in the past', async () => {
    const noConsent = await ask(snowRequest({ sensitiveNotes: '足が不自由です' }));
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().error.fields[0].field).toBe('body.sensitiveConsent');
    const past = await ask(
      snowRequest({ when: { kind: 'window', date: '2020-01-01', from: '08:00', to: '09:00' } }),
    );
    expect(past.statusCode).toBe(400);
  });

  it('is not open to a volunteer without the resident role', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: volunteerCookie,
      payload: snowRequest(),
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('the loop: proposal → approval → acceptance → completion → thanks', () => {
  it('goes all the way, revealing the address only after acceptance and auditing it', async () => {
    // "As soon as possible": the window is open now, so the task may be reported done.
    const requestId = (await ask(snowRequest({ when: { kind: 'asap' } }))).json().request
      .id as string;
    const { matchId } = await proposeMatch(t.database.db, {
      requestId,
      volunteerId: volunteer.id,
      score: 1,
      breakdown,
    });
    expect(matchId).toBeTruthy();

    // The coordinator's queue shows the proposal with its breakdown, without the address.
    const queue = await request(t.app, {
      method: 'GET',
      url: '/api/matches?status=proposed',
      cookie: coordinatorCookie,
    });
    const queued = queue.json().matches.find((m: { id: string }) => m.id === matchId);
    expect(queued.breakdown.terms[0].detail).toBe('同じ地区');
    expect(JSON.stringify(queue.json())).not.toContain(CHUO_ADDRESS);

    // Another district's coordinator cannot approve it.
    const foreign = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/approve`,
      cookie: otherCoordinatorCookie,
    });
    expect(foreign.statusCode).toBe(403);

    const approved = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/approve`,
      cookie: coordinatorCookie,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().match.status).toBe('offered');

    // The volunteer sees the offer but not yet the address.
    const offers = await request(t.app, {
      method: 'GET',
      url: '/api/me/offers',
      cookie: volunteerCookie,
    });
    expect(offers.json().matches.map((m: { id: string }) => m.id)).toContain(matchId);
    expect(JSON.stringify(offers.json())).not.toContain(CHUO_ADDRESS);
    const before = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: volunteerCookie,
    });
    expect(before.json().request.contact).toBeNull();

    const accepted = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/accept`,
      cookie: volunteerCookie,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().match.contact.address).toBe(CHUO_ADDRESS);
    const reveals = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'resident.contact_revealed'),
          eq(auditEvents.subjectId, requestId),
        ),
      );
    expect(reveals.length).toBeGreaterThan(0);

    const completed = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/complete`,
      cookie: volunteerCookie,
      payload: { minutesSpent: 45, wellbeingNote: '少し元気がない様子でした', concern: true },
    });
    expect(completed.statusCode).toBe(200);
    const [concern] = await t.database.db
      .select()
      .from(concerns)
      .where(eq(concerns.requestId, requestId));
    expect(concern?.status).toBe('open');
    const inbox = await request(t.app, {
      method: 'GET',
      url: '/api/concerns',
      cookie: coordinatorCookie,
    });
    expect(inbox.json().concerns.map((c: { requestId: string }) => c.requestId)).toContain(
      requestId,
    );
    const foreignInbox = await request(t.app, {
      method: 'GET',
      url: '/api/concerns',
      cookie: otherCoordinatorCookie,
    });
    expect(
      foreignInbox.json().concerns.map((c: { requestId: string }) => c.requestId),
    ).not.toContain(requestId);

    const thanked = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/thanks`,
      cookie: residentCookie,
      payload: { message: 'ありがとうございました' },
    });
    expect(thanked.statusCode).toBe(201);
    const view = thanked.json().request;
    expect(view.status).toBe('done');
    expect(view.timeline.map((e: { status: string }) => e.status)).toEqual([
      'open',
      'proposed',
      'approved',
      'accepted',
      'done',
    ]);
    expect(view.matches[0].thanked).toBe(true);
  });

  it('sends a declined offer back to matching, with a new outbox row', async () => {
    const requestId = (await ask()).json().request.id as string;
    const { matchId } = await proposeMatch(t.database.db, {
      requestId,
      volunteerId: volunteer.id,
      score: 1,
      breakdown,
    });
    await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/approve`,
      cookie: coordinatorCookie,
    });
    const declined = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/decline`,
      cookie: volunteerCookie,
    });
    expect(declined.statusCode).toBe(200);
    const [row] = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(row!.status).toBe('matching');
  });

  it('cancel ends live matches and stops matching', async () => {
    const requestId = (await ask()).json().request.id as string;
    const { matchId } = await proposeMatch(t.database.db, {
      requestId,
      volunteerId: volunteer.id,
      score: 1,
      breakdown,
    });
    const cancelled = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/cancel`,
      cookie: residentCookie,
      payload: {},
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().request.status).toBe('cancelled');
    const approve = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/approve`,
      cookie: coordinatorCookie,
    });
    expect(approve.statusCode).toBe(409);
    expect(
      (
        await proposeMatch(t.database.db, {
          requestId,
          volunteerId: volunteer.id,
          score: 1,
          breakdown,
        })
      ).matchId,
    ).toBeNull();
  });

  it('the same proposal made twice yields one match', async () => {
    const requestId = (await ask()).json().request.id as string;
    const [a, b] = await Promise.all([
      proposeMatch(t.database.db, { requestId, volunteerId: volunteer.id, score: 1, breakdown }),
      proposeMatch(t.database.db, { requestId, volunteerId: volunteer.id, score: 1, breakdown }),
    ]);
    expect([a.matchId, b.matchId].filter(Boolean)).toHaveLength(1);
  });
});

describe('reporting a task done', () => {
  it('is refused before the task’s day (Japan time), in both languages', async () => {
    const requestId = (
      await ask(
        snowRequest({ when: { kind: 'window', date: jstDate(7), from: '08:00', to: '11:00' } }),
      )
    ).json().request.id as string;
    const { matchId } = await proposeMatch(t.database.db, {
      requestId,
      volunteerId: volunteer.id,
      score: 1,
      breakdown,
    });
    await approveMatch(t.database.db, matchId!, volunteer.id);
    await acceptOffer(t.database.db, matchId!, volunteer.id);
    const early = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/complete`,
      cookie: volunteerCookie,
      payload: { minutesSpent: 30 },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message.ja).toContain('日より 前');
    expect(early.json().error.message.en).toContain('before its day');
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId!));
    expect(match!.status).toBe('accepted');
  });
});

describe('the wellbeing note (連絡票)', () => {
  it('is kept without a concern and shown to the district’s coordinators on the request only', async () => {
    const helper = await makeVolunteer(t.database);
    const helperCookie = await logInAs(t.app, helper.email);
    const requestId = (await ask(snowRequest({ when: { kind: 'asap' } }))).json().request
      .id as string;
    const { matchId } = await proposeMatch(t.database.db, {
      requestId,
      volunteerId: helper.id,
      score: 1,
      breakdown,
    });
    await approveMatch(t.database.db, matchId!, helper.id);
    await acceptOffer(t.database.db, matchId!, helper.id);
    const note = 'お変わりなく、お元気そうでした。';
    const completed = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/complete`,
      cookie: helperCookie,
      payload: { minutesSpent: 30, wellbeingNote: note, concern: false },
    });
    expect(completed.statusCode).toBe(200);

    const coordinatorView = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: coordinatorCookie,
    });
    expect(coordinatorView.json().request.matches[0].wellbeingNote).toBe(note);
    for (const cookie of [residentCookie, otherCoordinatorCookie, helperCookie]) {
      const other = await request(t.app, {
        method: 'GET',
        url: `/api/help-requests/${requestId}`,
        cookie,
      });
      expect(other.body).not.toContain(note);
    }
  });
});

describe('who sees a request', () => {
  it('hides it (404) from a coordinator of another district and from an unrelated volunteer', async () => {
    const requestId = (await ask()).json().request.id as string;
    for (const cookie of [otherCoordinatorCookie, otherVolunteerCookie]) {
      const response = await request(t.app, {
        method: 'GET',
        url: `/api/help-requests/${requestId}`,
        cookie,
      });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain(CHUO_ADDRESS);
    }
    const own = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: coordinatorCookie,
    });
    expect(own.json().request.contact.address).toBe(CHUO_ADDRESS);
  });

  it('lists the coordinator’s districts only, without addresses', async () => {
    const mine = await request(t.app, {
      method: 'GET',
      url: '/api/help-requests',
      cookie: coordinatorCookie,
    });
    expect(mine.json().requests.length).toBeGreaterThan(0);
    expect(mine.json().requests.every((r: { district: string }) => r.district === 'chuo')).toBe(
      true,
    );
    expect(mine.body).not.toContain(CHUO_ADDRESS);
    const theirs = await request(t.app, {
      method: 'GET',
      url: '/api/help-requests?district=chuo',
      cookie: otherCoordinatorCookie,
    });
    expect(theirs.statusCode).toBe(403);
  });
});

describe('manual assignment', () => {
  it('ranks eligible volunteers with breakdowns and assigns one straight to an offer', async () => {
    const requestId = (
      await ask(
        snowRequest({ when: { kind: 'window', date: jstDate(9), from: '13:00', to: '15:00' } }),
      )
    ).json().request.id as string;
    const list = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}/candidates`,
      cookie: coordinatorCookie,
    });
    expect(list.statusCode).toBe(200);
    const candidates = list.json().candidates as {
      volunteer: { id: string };
      breakdown: { terms: unknown[] };
    }[];
    expect(candidates.map((c) => c.volunteer.id)).toContain(volunteer.id);
    expect(candidates[0]!.breakdown.terms.length).toBeGreaterThan(0);

    const assigned = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/assign`,
      cookie: coordinatorCookie,
      payload: { volunteerId: volunteer.id },
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().request.status).toBe('approved');
    expect(assigned.json().request.matches[0].status).toBe('offered');
  });

  it('refuses a volunteer who is not eligible (another district, not opted in)', async () => {
    const requestId = (
      await ask(
        snowRequest({ when: { kind: 'window', date: jstDate(10), from: '13:00', to: '15:00' } }),
      )
    ).json().request.id as string;
    const stranger = await makeVolunteer(t.database, 'etanbetsu');
    const response = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/assign`,
      cookie: coordinatorCookie,
      payload: { volunteerId: stranger.id },
    });
    expect(response.statusCode).toBe(409);
  });
});

describe('auto-approval for trusted volunteers', () => {
  it('offers straight away when the district allows it and the volunteer is trusted', async () => {
    const trusted = await makeVolunteer(t.database, 'chuo', { trusted: true });
    const settings = await request(t.app, {
      method: 'PUT',
      url: '/api/districts/chuo/settings',
      cookie: coordinatorCookie,
      payload: { autoApproveTrusted: true, offerTtlHours: 6 },
    });
    expect(settings.statusCode).toBe(200);
    const requestId = (
      await ask(
        snowRequest({ when: { kind: 'window', date: jstDate(12), from: '13:00', to: '15:00' } }),
      )
    ).json().request.id as string;
    const { matchId } = await proposeMatch(t.database.db, {
      requestId,
      volunteerId: trusted.id,
      score: 1,
      breakdown,
    });
    const view = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: coordinatorCookie,
    });
    const match = view.json().request.matches.find((m: { id: string }) => m.id === matchId);
    expect(match.status).toBe('offered');
    expect(new Date(match.offerExpiresAt).getTime() - Date.now()).toBeGreaterThan(5.9 * 3_600_000);

    // An untrusted volunteer still waits for the coordinator.
    const other = (
      await ask(
        snowRequest({ when: { kind: 'window', date: jstDate(13), from: '13:00', to: '15:00' } }),
      )
    ).json().request.id as string;
    const plain = await proposeMatch(t.database.db, {
      requestId: other,
      volunteerId: volunteer.id,
      score: 1,
      breakdown,
    });
    const plainView = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${other}`,
      cookie: coordinatorCookie,
    });
    expect(
      plainView.json().request.matches.find((m: { id: string }) => m.id === plain.matchId).status,
    ).toBe('proposed');
    await request(t.app, {
      method: 'PUT',
      url: '/api/districts/chuo/settings',
      cookie: coordinatorCookie,
      payload: { autoApproveTrusted: false, offerTtlHours: 12 },
    });
  });
});

describe('a coordinator who is also a resident', () => {
  it('sees their own requests with ?mine=true, and the district queue without it', async () => {
    const both = await makeResident(t.database);
    await t.database.db.insert(roleAssignments).values({
      userId: both.id,
      role: 'coordinator',
      districtId: await districtIdOf(t.database, 'kagura'),
    });
    const cookie = await logInAs(t.app, both.email);
    const own = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie,
      payload: snowRequest({
        when: { kind: 'window', date: jstDate(14), from: '13:00', to: '15:00' },
      }),
    });
    const ownId = own.json().request.id as string;
    const mine = await request(t.app, {
      method: 'GET',
      url: '/api/help-requests?mine=true',
      cookie,
    });
    expect(mine.json().requests.map((r: { id: string }) => r.id)).toEqual([ownId]);
    const queue = await request(t.app, { method: 'GET', url: '/api/help-requests', cookie });
    expect(queue.json().requests.every((r: { district: string }) => r.district === 'kagura')).toBe(
      true,
    );
  });
});

describe('the resident’s own details', () => {
  it('shows the registered address to the resident, and to nobody else through this route', async () => {
    const own = await request(t.app, {
      method: 'GET',
      url: '/api/me/resident-profile',
      cookie: residentCookie,
    });
    expect(own.json().profile).toMatchObject({ address: CHUO_ADDRESS, district: 'chuo' });
    const volunteerOnly = await request(t.app, {
      method: 'GET',
      url: '/api/me/resident-profile',
      cookie: volunteerCookie,
    });
    expect(volunteerOnly.statusCode).toBe(403);
  });
});
