import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityReport } from '@sasaeai/contracts';
import { helpRequests, matches, roleAssignments } from '@sasaeai/db/schema';
import { activityRows } from '../src/repositories/council/activity-query.ts';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf, makeResident } from './help-loop-fixtures.ts';

/**
 * Reciprocity (支え合い) in the council's activity figures: a resident who was helped and who
 * has helped someone else themselves — not a resident who merely holds the volunteer role.
 */
let t: TestApp;
let cookie: string;
let hour = 0;

/** A request by `residentId` in 中央 in May 2025, with `helperId`'s match in `matchStatus`. */
async function helpOf(
  residentId: string,
  status: 'done' | 'cancelled',
  helperId: string,
  matchStatus: 'completed' | 'accepted',
) {
  const createdAt = new Date(Date.UTC(2025, 4, 1) + hour++ * 3 * 3_600_000);
  const start = new Date(createdAt.getTime() + 3_600_000);
  const end = new Date(start.getTime() + 3_600_000);
  const [row] = await t.database.db
    .insert(helpRequests)
    .values({
      residentId,
      createdBy: residentId,
      districtId: await districtIdOf(t.database, 'chuo'),
      category: 'snow',
      status,
      address: '旭川市',
      windowStart: start,
      windowEnd: end,
      createdAt,
    })
    .returning();
  await t.database.db.insert(matches).values({
    requestId: row!.id,
    volunteerId: helperId,
    status: matchStatus,
    bookedDuring: `[${start.toISOString()},${end.toISOString()})`,
    minutesSpent: matchStatus === 'completed' ? 30 : null,
  });
}

/** A resident who also holds the volunteer role. */
async function residentVolunteer() {
  const person = await makeResident(t.database);
  await t.database.db.insert(roleAssignments).values({ userId: person.id, role: 'volunteer' });
  return person;
}

beforeAll(async () => {
  t = await createTestApp({}, 'council-recip');
  const helped = await makeResident(t.database);
  const gaveAndGot = await residentVolunteer();
  const neighbour = await residentVolunteer();
  const gaveButCancelled = await residentVolunteer();
  const onlyAccepted = await residentVolunteer();
  // Counted: helped (done) and completed a task for someone else.
  await helpOf(gaveAndGot.id, 'done', neighbour.id, 'completed');
  await helpOf(helped.id, 'done', gaveAndGot.id, 'completed');
  // Not counted: helped and holds both roles, but never helped anyone.
  const rolesOnly = await residentVolunteer();
  await helpOf(rolesOnly.id, 'done', gaveAndGot.id, 'completed');
  // Not counted: gave help, but their own request was cancelled (not helped).
  await helpOf(helped.id, 'done', gaveButCancelled.id, 'completed');
  await helpOf(gaveButCancelled.id, 'cancelled', gaveAndGot.id, 'accepted');
  // Not counted: helped, and accepted a task for someone else that is not done yet.
  await helpOf(helped.id, 'done', onlyAccepted.id, 'accepted');
  await helpOf(onlyAccepted.id, 'done', gaveAndGot.id, 'completed');
  const council = await makeUser(t.database, { roles: [{ role: 'council' }] });
  cookie = await logInAs(t.app, council.email);
});

afterAll(async () => {
  await t.close();
});

describe('reciprocity', () => {
  it('counts residents who were helped and have helped, in the report and its totals', async () => {
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/council/activity?fiscalYear=2025',
      cookie,
    });
    expect(response.statusCode).toBe(200);
    const report = response.json<ActivityReport>();
    expect(report.rows.map((r) => [r.district, r.month, r.reciprocalResidents])).toEqual([
      ['chuo', '2025-05', 1],
    ]);
    expect(report.totals.all.reciprocalResidents).toBe(1);
  });

  it('agrees with the live-table query the benchmark compares against', async () => {
    const rows = await activityRows(t.database.db, {
      start: new Date('2025-03-31T15:00:00Z'),
      end: new Date('2026-03-31T15:00:00Z'),
      districtIds: null,
      category: null,
    });
    expect(rows.map((r) => r.reciprocal_residents)).toEqual([1]);
  });
});
