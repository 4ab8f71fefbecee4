import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  approveMatch,
  moveRequestTo,
  proposeMatch,
  rejectMatch,
  TransitionError,
} from '@sasaeai/db/help-loop';
import { auditEvents, helpRequests, matches, outbox } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { CHUO_ADDRESS, districtIdOf, makeResident, makeVolunteer } from './help-loop-fixtures.ts';

let t: TestApp;
let cookie = '';
let coordinatorId = '';

beforeAll(async () => {
  t = await createTestApp({}, 'illegal-moves');
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorId = coordinator.id;
  cookie = await logInAs(t.app, coordinator.email);
});
afterAll(async () => {
  await t.close();
});

async function requestWithProposal() {
  const resident = await makeResident(t.database);
  const volunteer = await makeVolunteer(t.database);
  const start = new Date(Date.now() + 3 * 86_400_000);
  const [row] = await t.database.db
    .insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId: await districtIdOf(t.database, 'chuo'),
      category: 'snow',
      address: CHUO_ADDRESS,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 3 * 3_600_000),
    })
    .returning({ id: helpRequests.id });
  const { matchId } = await proposeMatch(t.database.db, {
    requestId: row!.id,
    volunteerId: volunteer.id,
    score: 1,
    breakdown: { total: 1, terms: [] },
  });
  return { requestId: row!.id, matchId: matchId!, volunteerId: volunteer.id };
}

/** Rows written about a subject: a refused move must leave none behind. */
async function traces(requestId: string) {
  const audit = await t.database.db.select().from(auditEvents);
  const queued = await t.database.db.select().from(outbox);
  return {
    audit: audit.filter(
      (a) =>
        a.subjectId === requestId || (a.details as { requestId?: string }).requestId === requestId,
    ).length,
    outbox: queued.filter((o) => (o.payload as { requestId?: string }).requestId === requestId)
      .length,
  };
}

const post = (url: string) => request(t.app, { method: 'POST', url, cookie, payload: {} });

describe('a move the state machine does not allow', () => {
  it('is answered 409 with a bilingual message and changes nothing (approving a rejected proposal)', async () => {
    const { requestId, matchId } = await requestWithProposal();
    await rejectMatch(t.database.db, matchId, coordinatorId);
    const before = await traces(requestId);

    const response = await post(`/api/matches/${matchId}/approve`);
    expect(response.statusCode, response.body).toBe(409);
    const body = response.json<{ error: { code: string; message: { ja: string; en: string } } }>();
    expect(body.error.code).toBe('conflict');
    expect(body.error.message.ja).toBeTruthy();
    expect(body.error.message.en).toBeTruthy();

    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId));
    expect(match!.status).toBe('rejected');
    expect(await traces(requestId)).toEqual(before);
  });

  it('is answered 409 for request moves: rematching a request not in the inbox, cancelling twice', async () => {
    const { requestId } = await requestWithProposal();
    expect((await post(`/api/help-requests/${requestId}/rematch`)).statusCode).toBe(409);
    expect((await post(`/api/help-requests/${requestId}/cancel`)).statusCode).toBe(200);
    const before = await traces(requestId);
    const again = await post(`/api/help-requests/${requestId}/cancel`);
    expect(again.statusCode, again.body).toBe(409);
    expect(await traces(requestId)).toEqual(before);
  });

  it('is refused by the checked move itself with a typed error naming the move', async () => {
    const { requestId, matchId } = await requestWithProposal();
    await approveMatch(t.database.db, matchId, coordinatorId);
    const [before] = await t.database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(before!.status).toBe('approved');

    const attempt = t.database.db.transaction((tx) => moveRequestTo(tx, requestId, 'unmatched'));
    await expect(attempt).rejects.toBeInstanceOf(TransitionError);
    await expect(
      t.database.db.transaction((tx) => moveRequestTo(tx, requestId, 'unmatched')),
    ).rejects.toMatchObject({
      reason: 'invalid_state',
      move: { entity: 'request', from: 'approved', to: 'unmatched' },
    });
    const [after] = await t.database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(after!.status).toBe('approved');
  });
});
