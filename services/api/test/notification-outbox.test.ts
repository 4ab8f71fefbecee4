import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '@sasaeai/db/schema';
import { proposeMatch } from '@sasaeai/db/help-loop';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { CHUO_ADDRESS, makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';

/**
 * Changes that someone must hear about write an outbox row in the same transaction, with ids
 * only; the worker turns each into notifications (services/worker/test/notifications.test.ts).
 */
let t: TestApp;
let residentCookie: string;
let coordinatorCookie: string;
let volunteer: { id: string; email: string };
let volunteerCookie: string;

const breakdown = { total: 1, terms: [{ term: 'distance' as const, points: 1, detail: '' }] };

beforeAll(async () => {
  t = await createTestApp({}, 'notifyoutbox');
  residentCookie = await logInAs(t.app, (await makeResident(t.database)).email);
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorCookie = await logInAs(t.app, coordinator.email);
  volunteer = await makeVolunteer(t.database);
  volunteerCookie = await logInAs(t.app, volunteer.email);
});
afterAll(async () => {
  await t.close();
});

async function acceptedMatch(): Promise<{ requestId: string; matchId: string }> {
  const asked = await request(t.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: residentCookie,
    // "As soon as possible": the window is open now, so the task may be reported done.
    payload: snowRequest({ when: { kind: 'asap' } }),
  });
  const requestId = asked.json().request.id as string;
  const { matchId } = await proposeMatch(t.database.db, {
    requestId,
    volunteerId: volunteer.id,
    score: 1,
    breakdown,
  });
  for (const [step, cookie] of [
    ['approve', coordinatorCookie],
    ['accept', volunteerCookie],
  ] as const) {
    const response = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId!}/${step}`,
      cookie,
    });
    expect(response.statusCode).toBe(200);
  }
  return { requestId, matchId: matchId! };
}

async function outboxRows(topic: string) {
  return t.database.db.select().from(outbox).where(eq(outbox.topic, topic));
}

describe('outbox rows for notifications', () => {
  it('a concern and the thanks each announce themselves, with ids only', async () => {
    const { requestId, matchId } = await acceptedMatch();
    const completed = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${matchId}/complete`,
      cookie: volunteerCookie,
      payload: { minutesSpent: 30, wellbeingNote: '元気がない様子', concern: true },
    });
    expect(completed.statusCode).toBe(200);
    const thanked = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/thanks`,
      cookie: residentCookie,
      payload: { message: 'ありがとうございました' },
    });
    expect(thanked.statusCode).toBe(201);

    const concern = (await outboxRows('concern.raised')).find(
      (row) => (row.payload as { matchId?: string }).matchId === matchId,
    );
    expect(Object.keys(concern!.payload as object).sort()).toEqual([
      'districtId',
      'matchId',
      'requestId',
    ]);
    const thanks = (await outboxRows('thanks.sent')).find(
      (row) => (row.payload as { matchId?: string }).matchId === matchId,
    );
    expect(thanks!.payload).toEqual({ matchId, requestId });
    const all = JSON.stringify(
      (await t.database.db.select({ payload: outbox.payload }).from(outbox)).map((r) => r.payload),
    );
    for (const secret of [CHUO_ADDRESS, '元気がない', 'ありがとうございました', volunteer.email]) {
      expect(all).not.toContain(secret);
    }
  });

  it("a resident's cancellation announces each ended match, so its volunteer hears", async () => {
    const { requestId, matchId } = await acceptedMatch();
    const before = (await outboxRows('match.changed')).length;
    const cancelled = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/cancel`,
      cookie: residentCookie,
      payload: {},
    });
    expect(cancelled.statusCode).toBe(200);
    const rows = await outboxRows('match.changed');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.payload).toMatchObject({ matchId, requestId });
  });
});
