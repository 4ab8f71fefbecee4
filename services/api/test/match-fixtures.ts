import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from '@sasaeai/db/testing';
import { proposeMatch } from '@sasaeai/db/help-loop';
import { logInAs, makeUser, request } from './helper.ts';
import { makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';

/** A resident, their district's coordinator and a volunteer, each logged in (district chuo). */
export async function helpLoopCast(app: FastifyInstance, database: TestDatabase) {
  const resident = await makeResident(database);
  const coordinator = await makeUser(database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  const volunteer = await makeVolunteer(database);
  return {
    resident: await logInAs(app, resident.email),
    coordinator: await logInAs(app, coordinator.email),
    volunteer: await logInAs(app, volunteer.email),
    volunteerId: volunteer.id,
  };
}
export type HelpLoopCast = Awaited<ReturnType<typeof helpLoopCast>>;

/**
 * A new request of the cast's resident, proposed, approved and accepted by a new volunteer of
 * its own (so that fixtures never collide on one volunteer's bookings).
 */
export async function acceptedMatch(
  app: FastifyInstance,
  database: TestDatabase,
  cast: HelpLoopCast,
) {
  const asked = await request(app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: cast.resident,
    payload: snowRequest({ when: { kind: 'asap' } }), // done can be reported at once
  });
  const requestId = asked.json<{ request: { id: string } }>().request.id;
  const volunteer = await makeVolunteer(database);
  const volunteerCookie = await logInAs(app, volunteer.email);
  const { matchId } = await proposeMatch(database.db, {
    requestId,
    volunteerId: volunteer.id,
    score: 1,
    breakdown: { total: 1, terms: [{ term: 'distance', points: 1, detail: '' }] },
  });
  if (!matchId) throw new Error('no match proposed');
  for (const [step, cookie] of [
    ['approve', cast.coordinator],
    ['accept', volunteerCookie],
  ] as const) {
    const moved = await request(app, {
      method: 'POST',
      url: `/api/matches/${matchId}/${step}`,
      cookie,
    });
    if (moved.statusCode !== 200) throw new Error(`${step} failed: ${moved.body}`);
  }
  return { requestId, matchId, volunteer: volunteerCookie };
}
