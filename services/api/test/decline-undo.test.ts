import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, helpRequests, matches, volunteerProfiles } from '@sasaeai/db/schema';
import {
  acceptOffer,
  approveMatch,
  DECLINE_UNDO_SECONDS,
  proposeMatch,
  TransitionError,
  undoDecline,
} from '@sasaeai/db/help-loop';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';

let t: TestApp;
let residentCookie: string;
let coordinatorId: string;

const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};

beforeAll(async () => {
  t = await createTestApp({}, 'decline_undo');
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

/** A request offered to `volunteerId` (approved by the coordinator). */
async function offeredTask(volunteerId: string) {
  const created = await request(t.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: residentCookie,
    payload: snowRequest(),
  });
  expect(created.statusCode).toBe(201);
  const requestId = created.json().request.id as string;
  const { matchId } = await proposeMatch(t.database.db, {
    requestId,
    volunteerId,
    score: 3,
    breakdown,
  });
  await approveMatch(t.database.db, matchId!, coordinatorId);
  return { requestId, matchId: matchId! };
}

async function decline(matchId: string, cookie: string, payload?: Record<string, unknown>) {
  return request(t.app, {
    method: 'POST',
    url: `/api/matches/${matchId}/decline`,
    cookie,
    ...(payload === undefined ? {} : { payload }),
  });
}

async function undo(matchId: string, cookie: string) {
  return request(t.app, { method: 'POST', url: `/api/matches/${matchId}/undo-decline`, cookie });
}

async function statusOf(matchId: string) {
  const [row] = await t.database.db
    .select({ status: matches.status })
    .from(matches)
    .where(eq(matches.id, matchId));
  return row?.status;
}

describe('declining an offer with a reason', () => {
  it('stores the reason code in the audit row; without a body it still declines', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const first = await offeredTask(volunteer.id);
    expect((await decline(first.matchId, cookie, { reason: 'too_far' })).statusCode).toBe(200);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, first.matchId), eq(auditEvents.action, 'match.declined')),
      );
    expect(audit!.details).toEqual({
      reason: 'too_far',
      requestId: first.requestId,
      from: 'offered',
    });

    const second = await offeredTask(volunteer.id);
    const plain = await decline(second.matchId, cookie);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(await statusOf(second.matchId)).toBe('declined');
  });

  it('refuses an unknown, NUL, huge or non-text reason with a field error and changes nothing', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const { matchId } = await offeredTask(volunteer.id);
    for (const reason of ['bored', 'schedule\u0000', 'x'.repeat(10_000), -1e308, ['schedule']]) {
      const answer = await decline(matchId, cookie, { reason });
      expect(answer.statusCode, String(reason).slice(0, 20)).toBe(400);
      expect(answer.json().error.fields[0].field).toBe('body.reason');
    }
    expect(await statusOf(matchId)).toBe('offered');
  });
});

describe('taking a decline back (「取り消す」)', () => {
  it('offers the task again as a new offer while the place is free, audited', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const { requestId, matchId } = await offeredTask(volunteer.id);
    const requestStatus = async () =>
      (
        await t.database.db
          .select({ status: helpRequests.status })
          .from(helpRequests)
          .where(eq(helpRequests.id, requestId))
      )[0]!.status;
    const whileOffered = await requestStatus();
    await decline(matchId, cookie, { reason: 'schedule' });
    expect(await requestStatus()).toBe('matching');
    const answer = await undo(matchId, cookie);
    expect(answer.statusCode).toBe(200);
    const offer = answer.json().match as { id: string; status: string };
    expect(offer.status).toBe('offered');
    expect(offer.id).not.toBe(matchId);
    expect(await statusOf(matchId)).toBe('declined');
    expect(await requestStatus()).toBe(whileOffered);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, offer.id), eq(auditEvents.action, 'match.decline_undone')),
      );
    expect(audit).toHaveLength(1);
    // Once taken back, the old decline cannot be taken back a second time.
    expect((await undo(matchId, cookie)).statusCode).toBe(409);
    // The new offer can be accepted as any other.
    await acceptOffer(t.database.db, offer.id, volunteer.id);
    expect(await statusOf(offer.id)).toBe('accepted');
  });

  it('is refused once the moment has passed, when another helper took the place, and for a hand-back', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);

    const late = await offeredTask(volunteer.id);
    await decline(late.matchId, cookie);
    const refused = await undoDecline(t.database.db, {
      matchId: late.matchId,
      volunteerId: volunteer.id,
      now: new Date(Date.now() + (DECLINE_UNDO_SECONDS + 5) * 1000),
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TransitionError);
    expect((refused as TransitionError).reason).toBe('undo_expired');

    const taken = await offeredTask(volunteer.id);
    await decline(taken.matchId, cookie);
    const other = await makeVolunteer(t.database);
    const { matchId: othersMatch } = await proposeMatch(t.database.db, {
      requestId: taken.requestId,
      volunteerId: other.id,
      score: 1,
      breakdown,
    });
    expect(othersMatch).not.toBeNull();
    const full = await undo(taken.matchId, cookie);
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message.en).toContain('can no longer be taken');

    const handedBack = await offeredTask(volunteer.id);
    await acceptOffer(t.database.db, handedBack.matchId, volunteer.id);
    const back = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${handedBack.matchId}/hand-back`,
      cookie,
      payload: {},
    });
    expect(back.statusCode).toBe(200);
    expect((await undo(handedBack.matchId, cookie)).statusCode).toBe(409);
  });

  it('is refused (409, not 500) to a volunteer suspended since declining; nothing is offered', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const { requestId, matchId } = await offeredTask(volunteer.id);
    await decline(matchId, cookie);
    await t.database.db
      .update(volunteerProfiles)
      .set({ verification: 'suspended' })
      .where(eq(volunteerProfiles.userId, volunteer.id));
    const answer = await undo(matchId, cookie);
    expect(answer.statusCode).toBe(409);
    const live = await t.database.db
      .select({ id: matches.id })
      .from(matches)
      .where(and(eq(matches.requestId, requestId), eq(matches.status, 'offered')));
    expect(live).toHaveLength(0);
  });

  it('is the volunteer’s own: another volunteer or a coordinator gets 404, an offer not declined 409', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const { matchId } = await offeredTask(volunteer.id);
    expect((await undo(matchId, cookie)).statusCode).toBe(409);
    await decline(matchId, cookie);
    const stranger = await makeVolunteer(t.database);
    expect((await undo(matchId, await logInAs(t.app, stranger.email))).statusCode).toBe(404);
    const coordinator = await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    expect((await undo(matchId, await logInAs(t.app, coordinator.email))).statusCode).toBe(404);
    const badId = await undo('not-a-uuid\u0000', cookie);
    expect(badId.statusCode).toBeGreaterThanOrEqual(400);
    expect(badId.statusCode).toBeLessThan(500);
    expect(await statusOf(matchId)).toBe('declined');
  });
});
