import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { auditEvents, helpRequests, matches, outbox } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { CHUO_ADDRESS, districtIdOf, makeResident, makeVolunteer } from './help-loop-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let coordinatorId = '';

beforeAll(async () => {
  t = await createTestApp({}, 'cancel-reopen');
  const chuo = await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] });
  const kagura = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'kagura' }],
  });
  coordinatorId = chuo.id;
  cookies.chuo = await logInAs(t.app, chuo.email);
  cookies.kagura = await logInAs(t.app, kagura.email);
});
afterAll(async () => {
  await t.close();
});

/** A chuo request with an offer out to a volunteer; the window `daysAhead` days from now. */
async function offeredRequest(daysAhead = 3) {
  const resident = await makeResident(t.database);
  const volunteer = await makeVolunteer(t.database);
  const start = new Date(Date.now() + daysAhead * 86_400_000);
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
  await approveMatch(t.database.db, matchId!, coordinatorId);
  return { requestId: row!.id, matchId: matchId! };
}

const post = (who: string, url: string) =>
  request(t.app, { method: 'POST', url, cookie: cookies[who], payload: {} });

describe('a coordinator cancels on the resident’s behalf and reopens', () => {
  it('cancels (withdrawing the offer), then reopens into matching with a fresh wait', async () => {
    const { requestId, matchId } = await offeredRequest();
    const cancelled = await post('chuo', `/api/help-requests/${requestId}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId));
    expect(match!.status).toBe('cancelled');

    const before = Date.now();
    const reopened = await post('chuo', `/api/help-requests/${requestId}/reopen`);
    expect(reopened.statusCode, reopened.body).toBe(200);
    const [row] = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(row!.status).toBe('matching');
    expect(row!.matchingSince!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The matcher is asked again, with ids only.
    const queued = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.topic, 'help_request.changed'));
    expect(queued.some((o) => (o.payload as { requestId: string }).requestId === requestId)).toBe(
      true,
    );
    // Both changes are audited under the coordinator, with ids only.
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, requestId), eq(auditEvents.actorId, coordinatorId)));
    expect(audit.map((a) => (a.details as { to: string }).to)).toEqual(
      expect.arrayContaining(['cancelled', 'matching']),
    );
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain(CHUO_ADDRESS);
  });

  it('refuses to reopen what is not cancelled or whose window has ended', async () => {
    const { requestId } = await offeredRequest();
    expect((await post('chuo', `/api/help-requests/${requestId}/reopen`)).statusCode).toBe(409);
    const past = await offeredRequest(-2);
    await post('chuo', `/api/help-requests/${past.requestId}/cancel`);
    const response = await post('chuo', `/api/help-requests/${past.requestId}/reopen`);
    expect(response.statusCode).toBe(409);
    expect(
      response.json<{ error: { message: { ja: string; en: string } } }>().error.message.en,
    ).toBeTruthy();
  });

  it('refuses another district’s coordinator, changing nothing', async () => {
    const { requestId } = await offeredRequest();
    expect((await post('kagura', `/api/help-requests/${requestId}/cancel`)).statusCode).toBe(404);
    await post('chuo', `/api/help-requests/${requestId}/cancel`);
    expect((await post('kagura', `/api/help-requests/${requestId}/reopen`)).statusCode).toBe(404);
    const [row] = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(row!.status).toBe('cancelled');
  });
});
