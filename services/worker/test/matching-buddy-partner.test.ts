import {
  acceptOffer,
  approveMatch,
  declineOffer,
  proposeMatches,
  withdrawVolunteer,
} from '@sasaeai/db/help-loop';
import { auditEvents, helpRequests, matches, volunteerProfiles } from '@sasaeai/db/schema';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noLivePublisher } from '../src/live-publisher.ts';
import { runDistrictMatching } from '../src/matching/run-district.ts';
import {
  createRequests,
  createUsers,
  createVolunteers,
  seedDistrictIds,
  silentLogger,
  windowFromNow,
} from './support.ts';

/*
 * Supported volunteering after the offers went out: when the experienced partner leaves a
 * request (declines, is withdrawn), the first-timer beside them is released rather than sent
 * alone, and the next run pairs them with someone new.
 */

let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('matchbuddypartner');
  districtIds = await seedDistrictIds(database.db);
});

afterAll(async () => {
  await database.drop();
});

const run = (district: string) =>
  runDistrictMatching(
    { db: database.db, live: noLivePublisher, logger: silentLogger },
    districtIds.get(district)!,
  );

async function onRequest(requestId: string) {
  return database.db
    .select({ id: matches.id, volunteerId: matches.volunteerId, status: matches.status })
    .from(matches)
    .where(eq(matches.requestId, requestId));
}

/** A request for two, a first-timer and a veteran proposed on it by a run, both offered. */
async function offeredPair(district: string) {
  const [resident, coordinator] = await createUsers(database.db, ['住民B', '調整役B']);
  const [newcomer, veteran] = await createVolunteers(database.db, districtIds, [
    { districts: [district] },
    { districts: [district] },
  ]);
  await database.db
    .update(volunteerProfiles)
    .set({ firstTaskWithBuddy: true })
    .where(eq(volunteerProfiles.userId, newcomer!));
  const [requestId] = await createRequests(database.db, districtIds, [
    { district, residentId: resident!, peopleNeeded: 2, ...windowFromNow(48) },
  ]);
  await run(district);
  const proposed = await onRequest(requestId!);
  expect(proposed.map((m) => m.volunteerId).sort()).toEqual([newcomer, veteran].sort());
  for (const m of proposed) await approveMatch(database.db, m.id, coordinator!);
  const matchOf = (id: string) => proposed.find((m) => m.volunteerId === id)!.id;
  return {
    requestId: requestId!,
    newcomer: newcomer!,
    veteran: veteran!,
    newcomerMatch: matchOf(newcomer!),
    veteranMatch: matchOf(veteran!),
  };
}

describe('a first-timer whose partner leaves', () => {
  it('is released when the veteran declines, and paired again with someone new', async () => {
    const pair = await offeredPair('kamui');
    await acceptOffer(database.db, pair.newcomerMatch, pair.newcomer);

    const declined = await declineOffer(database.db, pair.veteranMatch, pair.veteran);
    const statusOf = new Map((await onRequest(pair.requestId)).map((m) => [m.id, m.status]));
    expect(statusOf.get(pair.veteranMatch)).toBe('declined');
    expect(statusOf.get(pair.newcomerMatch)).toBe('cancelled');
    // The first-timer hears that the task was withdrawn.
    expect(
      declined.notices.some((n) => 'userId' in n.audience && n.audience.userId === pair.newcomer),
    ).toBe(true);
    const [audit] = await database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectId, pair.newcomerMatch),
          eq(auditEvents.action, 'match.cancelled'),
        ),
      );
    expect(audit?.details).toMatchObject({ reason: 'partner_left', from: 'accepted' });
    const [request] = await database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, pair.requestId));
    expect(request?.status).toBe('matching');

    // A new experienced volunteer arrives: the first-timer is paired with them.
    const [fresh] = await createVolunteers(database.db, districtIds, [{ districts: ['kamui'] }]);
    await run('kamui');
    const again = (await onRequest(pair.requestId)).filter((m) => m.status === 'proposed');
    expect(again.map((m) => m.volunteerId).sort()).toEqual([pair.newcomer, fresh].sort());
  });

  it('is released when the veteran is withdrawn (suspended), not when the first-timer leaves', async () => {
    const pair = await offeredPair('shunko');
    await database.db.transaction(async (tx) => {
      await tx
        .update(volunteerProfiles)
        .set({ verification: 'suspended' })
        .where(eq(volunteerProfiles.userId, pair.veteran));
      await withdrawVolunteer(tx, pair.veteran, null);
    });
    const statusOf = new Map((await onRequest(pair.requestId)).map((m) => [m.id, m.status]));
    expect(statusOf.get(pair.veteranMatch)).toBe('cancelled');
    expect(statusOf.get(pair.newcomerMatch)).toBe('cancelled');
    // Nobody else to go with: the run proposes the first-timer to no one, and the request goes
    // to the coordinator's inbox instead.
    await run('shunko');
    const live = (await onRequest(pair.requestId)).filter((m) => m.status === 'proposed');
    expect(live).toEqual([]);
    const [request] = await database.db
      .select({ status: helpRequests.status, reason: helpRequests.unmatchedReason })
      .from(helpRequests)
      .where(eq(helpRequests.id, pair.requestId));
    expect(request).toEqual({ status: 'unmatched', reason: 'no_candidates' });

    // The other way round the veteran simply stays: someone experienced may go alone.
    const other = await offeredPair('suehiro');
    await declineOffer(database.db, other.newcomerMatch, other.newcomer);
    const after = new Map((await onRequest(other.requestId)).map((m) => [m.id, m.status]));
    expect(after.get(other.newcomerMatch)).toBe('declined');
    expect(after.get(other.veteranMatch)).toBe('offered');
  });

  it('releases every first-timer left on a request for three, one after the other', async () => {
    const [resident, coordinator] = await createUsers(database.db, ['住民D', '調整役D']);
    const [first, second, veteran] = await createVolunteers(database.db, districtIds, [
      { districts: ['toyooka'] },
      { districts: ['toyooka'] },
      { districts: ['toyooka'] },
    ]);
    await database.db
      .update(volunteerProfiles)
      .set({ firstTaskWithBuddy: true })
      .where(inArray(volunteerProfiles.userId, [first!, second!]));
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'toyooka', residentId: resident!, peopleNeeded: 3, ...windowFromNow(72) },
    ]);
    await run('toyooka');
    const proposed = await onRequest(requestId!);
    expect(proposed.map((m) => m.volunteerId).sort()).toEqual([first, second, veteran].sort());
    for (const m of proposed) await approveMatch(database.db, m.id, coordinator!);
    const veteranMatch = proposed.find((m) => m.volunteerId === veteran)!.id;
    await declineOffer(database.db, veteranMatch, veteran!);
    const after = await onRequest(requestId!);
    expect(after.map((m) => m.status).sort()).toEqual(['cancelled', 'cancelled', 'declined']);
  });

  it('is not written alone when the guards refuse the partner the engine paired them with', async () => {
    const [resident] = await createUsers(database.db, ['住民C']);
    const [newcomer, veteran] = await createVolunteers(database.db, districtIds, [
      { districts: ['kamui'] },
      { districts: ['kamui'], verification: 'suspended' },
    ]);
    await database.db
      .update(volunteerProfiles)
      .set({ firstTaskWithBuddy: true })
      .where(eq(volunteerProfiles.userId, newcomer!));
    const [pairId, singleId] = await createRequests(database.db, districtIds, [
      { district: 'kamui', residentId: resident!, peopleNeeded: 2, ...windowFromNow(60) },
      { district: 'kamui', residentId: resident!, peopleNeeded: 2, ...windowFromNow(90) },
    ]);
    const proposal = (requestId: string, volunteerId: string) => ({
      requestId,
      volunteerId,
      score: 50,
      breakdown: { total: 50, terms: [], distanceKm: 0 },
    });
    // The suspended veteran is refused by the guard: the first-timer beside them goes too.
    const refused = await proposeMatches(database.db, [
      proposal(pairId!, veteran!),
      proposal(pairId!, newcomer!),
    ]);
    expect(refused.placed).toEqual([]);
    expect(refused.refused).toBe(2);
    expect(await onRequest(pairId!)).toEqual([]);
    // A proposal of the first-timer alone is the caller's choice and is written as asked.
    const alone = await proposeMatches(database.db, [proposal(singleId!, newcomer!)]);
    expect(alone.placed.map((p) => p.volunteerId)).toEqual([newcomer]);
  });
});
