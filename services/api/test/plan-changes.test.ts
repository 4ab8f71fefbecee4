import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, helpRequests, matches, outbox } from '@sasaeai/db/schema';
import {
  acceptOffer,
  approveMatch,
  completeMatch,
  proposeMatch,
  TransitionError,
} from '@sasaeai/db/help-loop';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { jstDate, makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';

let t: TestApp;
let residentCookie: string;
let coordinatorId: string;

const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};

beforeAll(async () => {
  t = await createTestApp({}, 'plans');
  const resident = await makeResident(t.database);
  residentCookie = await logInAs(t.app, resident.email);
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorId = coordinator.id;
});
afterAll(async () => {
  await t.close();
});

/** A request on `date` (Japan time), offered to and accepted by `volunteerId`. */
async function acceptedTask(volunteerId: string, date = jstDate(3), from = '08:00', to = '11:00') {
  const created = await request(t.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: residentCookie,
    payload: snowRequest({ when: { kind: 'window', date, from, to } }),
  });
  expect(created.statusCode).toBe(201);
  const requestId = created.json().request.id as string;
  const { matchId } = await proposeMatch(t.database.db, {
    requestId,
    volunteerId,
    score: 1,
    breakdown,
  });
  await approveMatch(t.database.db, matchId!, coordinatorId);
  await acceptOffer(t.database.db, matchId!, volunteerId);
  return { requestId, matchId: matchId! };
}

describe('reporting a task done: from the task’s day in Japan', () => {
  it('is accepted early on the day, before the window, and refused the evening before', async () => {
    const volunteer = await makeVolunteer(t.database);
    const date = jstDate(3);
    const { matchId } = await acceptedTask(volunteer.id, date);
    const eveningBefore = new Date(new Date(`${date}T00:00:00+09:00`).getTime() - 30 * 60_000);
    const refused = await completeMatch(t.database.db, {
      matchId,
      volunteerId: volunteer.id,
      minutesSpent: 30,
      concern: false,
      now: eveningBefore,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TransitionError);
    expect((refused as TransitionError).reason).toBe('not_started');
    await completeMatch(t.database.db, {
      matchId,
      volunteerId: volunteer.id,
      minutesSpent: 30,
      concern: false,
      now: new Date(`${date}T07:00:00+09:00`),
    });
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId));
    expect(match!.status).toBe('completed');
  });
});

describe('handing an accepted task back (「行けなくなりました」)', () => {
  it('ends the match, sends the request back to matching with an outbox row, and is audited', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const { requestId, matchId } = await acceptedTask(volunteer.id);
    const answer = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/hand-back`,
      cookie,
      payload: { reason: 'unwell' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().match.status).toBe('declined');
    const [row] = await t.database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(row!.status).toBe('matching');
    const rows = await t.database.db.select().from(outbox);
    const topics = rows
      .filter((r) => (r.payload as { requestId?: string }).requestId === requestId)
      .map((r) => r.topic);
    // The matcher runs again at once; the resident hears "looking again" (match.changed).
    expect(topics).toEqual(expect.arrayContaining(['help_request.changed', 'match.changed']));
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, matchId), eq(auditEvents.action, 'match.handed_back')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(volunteer.id);
    expect(audit[0]!.details).toEqual({ requestId, reason: 'unwell' });
    // Handing it back twice is a conflict, not a second hand-back.
    const again = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/hand-back`,
      cookie,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });

  it('is the volunteer’s own: another volunteer gets 404; an unknown reason is a field error', async () => {
    const volunteer = await makeVolunteer(t.database);
    const other = await makeVolunteer(t.database);
    const { matchId } = await acceptedTask(volunteer.id);
    const stranger = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/hand-back`,
      cookie: await logInAs(t.app, other.email),
      payload: {},
    });
    expect(stranger.statusCode).toBe(404);
    const bad = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/hand-back`,
      cookie: await logInAs(t.app, volunteer.email),
      payload: { reason: 'bored' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.reason');
    const cookie = await logInAs(t.app, volunteer.email);
    for (const reason of ['schedule\u0000', 'x'.repeat(10_000), 9 * 10 ** 300, ['schedule']]) {
      const odd = await request(t.app, {
        method: 'POST',
        url: `/api/matches/${matchId}/hand-back`,
        cookie,
        payload: { reason },
      });
      expect(odd.statusCode, String(reason).slice(0, 20)).toBe(400);
    }
    const badId = await request(t.app, {
      method: 'POST',
      url: `/api/matches/not-a-uuid\u0000/hand-back`,
      cookie,
      payload: {},
    });
    expect(badId.statusCode).toBeGreaterThanOrEqual(400);
    expect(badId.statusCode).toBeLessThan(500);
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId));
    expect(match!.status).toBe('accepted');
  });
});

describe('a coordinator records a no-show', () => {
  it('is refused before the window, then sends the request back to matching, audited', async () => {
    const volunteer = await makeVolunteer(t.database);
    const coordinatorCookie = await logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
    );
    const { requestId, matchId } = await acceptedTask(volunteer.id);
    const early = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/no-show`,
      cookie: coordinatorCookie,
      payload: {},
    });
    expect(early.statusCode).toBe(409);
    const outsider = await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'kagura' }],
    });
    // The task's time has passed (its start moved to an hour ago).
    await t.database.db
      .update(helpRequests)
      .set({ windowStart: new Date(Date.now() - 3_600_000) })
      .where(eq(helpRequests.id, requestId));
    const foreign = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/no-show`,
      cookie: await logInAs(t.app, outsider.email),
      payload: {},
    });
    expect(foreign.statusCode).toBe(403);
    const recorded = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/no-show`,
      cookie: coordinatorCookie,
      payload: { next: 'rematch' },
    });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json().match.status).toBe('no_show');
    const [row] = await t.database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(row!.status).toBe('matching');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, matchId), eq(auditEvents.action, 'match.no_show_recorded')),
      );
    expect(audit).toHaveLength(1);
  });

  it('sends the request to the inbox when asked, with the reason no_show', async () => {
    const volunteer = await makeVolunteer(t.database);
    const coordinatorCookie = await logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
    );
    const { requestId, matchId } = await acceptedTask(volunteer.id);
    await t.database.db
      .update(helpRequests)
      .set({ windowStart: new Date(Date.now() - 3_600_000) })
      .where(eq(helpRequests.id, requestId));
    const recorded = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/no-show`,
      cookie: coordinatorCookie,
      payload: { next: 'inbox' },
    });
    expect(recorded.statusCode).toBe(200);
    const [row] = await t.database.db
      .select({ status: helpRequests.status, reason: helpRequests.unmatchedReason })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(row).toEqual({ status: 'unmatched', reason: 'no_show' });
    const topics = (await t.database.db.select().from(outbox))
      .filter((r) => (r.payload as { requestId?: string }).requestId === requestId)
      .map((r) => r.topic);
    expect(topics).toContain('help_request.unmatched');
  });
});
