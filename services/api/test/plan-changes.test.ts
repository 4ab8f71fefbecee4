import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { matches } from '@sasaeai/db/schema';
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
