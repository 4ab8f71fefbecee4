import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { and, eq, inArray } from 'drizzle-orm';
import { acceptOffer, approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { auditEvents, helpRequests, matches, outbox, volunteerProfiles } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  CHUO_ADDRESS,
  districtIdOf,
  jstDate,
  makeResident,
  makeVolunteer,
  snowRequest,
} from './help-loop-fixtures.ts';

/** Trust #1: suspending a volunteer withdraws what they hold, and nothing more is revealed. */
let t: TestApp;
let residentCookie: string;
let coordinatorCookie: string;
let coordinatorId: string;
let listener: Redis;
const heard: { audience: { districtId?: string; userId?: string }; event: { type: string } }[] = [];

const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};

beforeAll(async () => {
  t = await createTestApp({}, 'suspend');
  residentCookie = await logInAs(t.app, (await makeResident(t.database)).email);
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorId = coordinator.id;
  coordinatorCookie = await logInAs(t.app, coordinator.email);
  listener = new Redis(t.config.REDIS_URL);
  listener.on('message', (_channel, message) => heard.push(JSON.parse(message)));
  await listener.subscribe(`${t.config.REDIS_PREFIX}:live`);
});
afterAll(async () => {
  listener.disconnect();
  await t.close();
});

let day = 0;
async function requestWith(volunteerId: string, stage: 'proposed' | 'offered' | 'accepted') {
  day += 1;
  const asked = await request(t.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: residentCookie,
    payload: snowRequest({
      when: { kind: 'window', date: jstDate(day), from: '08:00', to: '11:00' },
    }),
  });
  const requestId = asked.json().request.id as string;
  const { matchId } = await proposeMatch(t.database.db, {
    requestId,
    volunteerId,
    score: 1,
    breakdown,
  });
  if (stage !== 'proposed') await approveMatch(t.database.db, matchId!, coordinatorId);
  if (stage === 'accepted') await acceptOffer(t.database.db, matchId!, volunteerId);
  return { requestId, matchId: matchId! };
}

async function suspend(volunteerId: string) {
  return request(t.app, {
    method: 'POST',
    url: `/api/volunteers/${volunteerId}/verify`,
    cookie: coordinatorCookie,
    payload: { status: 'suspended' },
  });
}

describe('suspending a volunteer', () => {
  it('withdraws their proposals, offers and accepted tasks, sending the requests back to matching', async () => {
    const volunteer = await makeVolunteer(t.database);
    const volunteerCookie = await logInAs(t.app, volunteer.email);
    const held = [
      await requestWith(volunteer.id, 'proposed'),
      await requestWith(volunteer.id, 'offered'),
      await requestWith(volunteer.id, 'accepted'),
    ];
    const requestIds = held.map((h) => h.requestId);
    const matchIds = held.map((h) => h.matchId);
    const outboxBefore = (await t.database.db.select({ id: outbox.id }).from(outbox)).length;
    heard.length = 0;

    const response = await suspend(volunteer.id);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ verification: 'suspended', withdrawnMatches: 3 });

    const rows = await t.database.db
      .select({ status: matches.status })
      .from(matches)
      .where(inArray(matches.id, matchIds));
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const requests = await t.database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(inArray(helpRequests.id, requestIds));
    expect(requests.map((r) => r.status)).toEqual(['matching', 'matching', 'matching']);

    // As a decline does: an outbox row per request that re-enters matching, audit rows.
    const relayed = (await t.database.db.select().from(outbox)).slice(outboxBefore);
    for (const requestId of requestIds) {
      expect(
        relayed.some(
          (row) =>
            row.topic === 'help_request.changed' &&
            (row.payload as { requestId: string }).requestId === requestId,
        ),
      ).toBe(true);
    }
    const cancelled = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'match.cancelled'), inArray(auditEvents.subjectId, matchIds)),
      );
    expect(cancelled).toHaveLength(3);
    expect(cancelled.every((row) => row.actorId === coordinatorId)).toBe(true);
    const [suspended] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'volunteer.suspended'), eq(auditEvents.subjectId, volunteer.id)),
      );
    expect(
      (suspended!.details as { withdrawnMatchIds: string[] }).withdrawnMatchIds.sort(),
    ).toEqual([...matchIds].sort());

    // The district's coordinators hear of each request going back to matching.
    const chuoId = await districtIdOf(t.database, 'chuo');
    await expect
      .poll(() =>
        heard.filter(
          (h) =>
            h.audience.districtId === chuoId &&
            h.event.type === 'help_request.changed' &&
            requestIds.includes((h.event as unknown as { requestId: string }).requestId),
        ),
      )
      .toHaveLength(3);

    // Nothing is left to accept, and no address is shown any more.
    const accept = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${held[1]!.matchId}/accept`,
      cookie: volunteerCookie,
    });
    expect(accept.statusCode).toBe(409);
    const offers = await request(t.app, {
      method: 'GET',
      url: '/api/me/offers',
      cookie: volunteerCookie,
    });
    expect(offers.body).not.toContain(CHUO_ADDRESS);
    const detail = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${held[2]!.requestId}`,
      cookie: volunteerCookie,
    });
    expect(detail.body).not.toContain(CHUO_ADDRESS);
  });

  it('reveals nothing to a volunteer who is not active, even with an accepted match', async () => {
    const volunteer = await makeVolunteer(t.database);
    const volunteerCookie = await logInAs(t.app, volunteer.email);
    const accepted = await requestWith(volunteer.id, 'accepted');
    const offered = await requestWith(volunteer.id, 'offered');
    // Only the flag, as if a withdrawal had been missed: the reveal rules still hold.
    await t.database.db
      .update(volunteerProfiles)
      .set({ verification: 'suspended' })
      .where(eq(volunteerProfiles.userId, volunteer.id));

    const detail = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${accepted.requestId}`,
      cookie: volunteerCookie,
    });
    expect(detail.body).not.toContain(CHUO_ADDRESS);
    const offers = await request(t.app, {
      method: 'GET',
      url: '/api/me/offers',
      cookie: volunteerCookie,
    });
    expect(offers.body).not.toContain(CHUO_ADDRESS);
    const accept = await request(t.app, {
      method: 'POST',
      url: `/api/matches/${offered.matchId}/accept`,
      cookie: volunteerCookie,
    });
    expect(accept.statusCode).toBe(409);
    expect(accept.body).not.toContain(CHUO_ADDRESS);
    const reveals = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'resident.contact_revealed'),
          eq(auditEvents.actorId, volunteer.id),
        ),
      );
    expect(reveals).toHaveLength(0);
  });
});
