import { ScoreBreakdown, scoreTerms } from '@sasaeai/contracts';
import { createDb } from '@sasaeai/db/client';
import { approveMatch, openToNeighbours } from '@sasaeai/db/help-loop';
import { helpRequests, matches } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueOffers } from '../src/handlers/maintenance.ts';
import { processMatchingJob } from '../src/handlers/matching.ts';
import { createLivePublisher, noLivePublisher } from '../src/live-publisher.ts';
import { runDistrictMatching } from '../src/matching/run-district.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import {
  createRequests,
  createUsers,
  createVolunteers,
  listenLive,
  nextJstWeekdayWindow,
  seedDistrictIds,
  silentLogger,
  TEST_REDIS_URL,
  waitFor,
  windowFromNow,
} from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;
let redis: Redis;
let prefix: string;

beforeAll(async () => {
  database = await createTestDatabase('matchrun');
  districtIds = await seedDistrictIds(database.db);
  redis = createRedisConnection({ url: TEST_REDIS_URL, role: 'producer', logger: silentLogger });
  prefix = uniqueRedisPrefix('matchrun');
});

afterAll(async () => {
  await closeRedisConnection(redis);
  await database.drop();
});

const district = (code: string) => districtIds.get(code)!;

function matchesOf(requestIds: string[]) {
  return database.db
    .select()
    .from(matches)
    .where(inArray(matches.requestId, requestIds))
    .orderBy(matches.createdAt);
}

async function requestRow(id: string) {
  const [row] = await database.db.select().from(helpRequests).where(eq(helpRequests.id, id));
  return row!;
}

const run = (code: string, live = noLivePublisher) =>
  runDistrictMatching({ db: database.db, live }, district(code));

describe('a district matching run', () => {
  it('proposes the best volunteer for a new request, stores why, and tells the coordinator', async () => {
    const [resident] = await createUsers(database.db, ['住民 一郎']);
    const [busy, free] = await createVolunteers(database.db, districtIds, [
      { districts: ['nagayama'], maxTasksPerWeek: 1 },
      { districts: ['nagayama'], maxTasksPerWeek: 3, equipment: ['除雪機'] },
    ]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'nagayama', residentId: resident!, ...windowFromNow(30) },
    ]);
    const live = await listenLive(prefix);
    try {
      const result = await run(
        'nagayama',
        createLivePublisher({ connection: redis, prefix, logger: silentLogger }),
      );
      expect(result).toMatchObject({ status: 'done', started: 1, requests: 1, proposed: 1 });

      const [match] = await matchesOf([requestId!]);
      expect(match).toMatchObject({
        volunteerId: free,
        status: 'proposed',
        exclusive: true,
        slot: 0,
      });
      expect(match?.volunteerId).not.toBe(busy);
      const breakdown = ScoreBreakdown.parse(match!.scoreBreakdown);
      expect(match!.score).toBe(breakdown.total);
      expect(breakdown.terms.map((t) => t.term)).toEqual([...scoreTerms]);
      // Stored as facts (the pages word them), not sentences.
      expect(breakdown.terms.find((t) => t.term === 'distance')).toMatchObject({
        facts: { sameDistrict: true, km: 0 },
      });
      expect(breakdown.terms.find((t) => t.term === 'skill')).toMatchObject({
        facts: { category: 'snow', fittingEquipment: ['除雪機'] },
      });
      expect((await requestRow(requestId!)).status).toBe('proposed');

      // The district's coordinators hear of the proposal (ids and statuses only).
      await waitFor(async () =>
        live.messages.some((m) => m.event.type === 'match.changed') ? true : undefined,
      );
      const proposal = live.messages.find((m) => m.event.type === 'match.changed')!;
      expect(proposal).toEqual({
        audience: { districtId: district('nagayama') },
        event: { type: 'match.changed', matchId: match!.id, status: 'proposed' },
      });
      expect(JSON.stringify(live.messages)).not.toContain('永山');
    } finally {
      await live.close();
    }
  });

  it('hands a request that waited too long, or whose window is near, to the coordinator', async () => {
    const [resident] = await createUsers(database.db, ['住民 五郎']);
    // One helper with one task left: every request but one waits (contention).
    await createVolunteers(database.db, districtIds, [
      { districts: ['chuwa'], maxTasksPerWeek: 1 },
    ]);
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    // Both windows today, so the one task left is the only one for all of them.
    const later = windowFromNow(6);
    const soon = windowFromNow(1); // starts within the hour
    const [best, fresh, longWaiting, nearFresh, nearAfterNeighbours] = await createRequests(
      database.db,
      districtIds,
      [
        // Urgent and waiting longest: it gets the helper.
        {
          district: 'chuwa',
          residentId: resident!,
          ...later,
          urgency: 'high',
          status: 'matching',
          matchingSince: minutesAgo(230),
        },
        { district: 'chuwa', residentId: resident!, ...later },
        {
          district: 'chuwa',
          residentId: resident!,
          ...later,
          status: 'matching',
          matchingSince: minutesAgo(200),
        },
        { district: 'chuwa', residentId: resident!, ...soon },
        {
          district: 'chuwa',
          residentId: resident!,
          ...soon,
          status: 'matching',
          matchingSince: minutesAgo(70),
        },
      ],
    );
    const result = await run('chuwa');
    expect(result).toMatchObject({ status: 'done', proposed: 1 });
    if (result.status !== 'done') return;
    expect(result.unmatched.waitedTooLong).toBe(2);
    const reasons = await Promise.all(
      [best, fresh, longWaiting, nearFresh, nearAfterNeighbours].map(async (id) => {
        const row = await requestRow(id!);
        return [row.status, row.unmatchedReason];
      }),
    );
    expect(reasons.filter(([status]) => status === 'unmatched')).toEqual([
      ['unmatched', 'waited_too_long'],
      ['unmatched', 'waited_too_long'],
    ]);
    expect(reasons).toEqual([
      ['proposed', null],
      ['matching', null],
      ['unmatched', 'waited_too_long'],
      ['matching', null],
      ['unmatched', 'waited_too_long'],
    ]);
  });

  it('sends a request nobody can take to the coordinator’s inbox', async () => {
    const [resident] = await createUsers(database.db, ['住民 二郎']);
    await createVolunteers(database.db, districtIds, [
      { districts: ['toko'], skills: ['weeding'] },
      { districts: ['toko'], verification: 'pending' },
      { districts: ['toko'], insuranceExpiresOn: null },
    ]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'toko', residentId: resident!, ...windowFromNow(30) },
    ]);
    const result = await run('toko');
    expect(result).toMatchObject({ status: 'done', proposed: 0, unmatched: { noCandidates: 1 } });
    const row = await requestRow(requestId!);
    expect(row).toMatchObject({ status: 'unmatched', unmatchedReason: 'no_candidates' });
    expect(await matchesOf([requestId!])).toEqual([]);
    // Unmatched requests are the coordinator's now: another run leaves them alone.
    expect(await run('toko')).toMatchObject({ requests: 0, unmatched: { noCandidates: 0 } });
  });

  it('makes one proposal however often the same job runs', async () => {
    const [resident] = await createUsers(database.db, ['住民 三郎']);
    await createVolunteers(database.db, districtIds, [
      { districts: ['kaguraoka'] },
      { districts: ['kaguraoka'] },
    ]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'kaguraoka', residentId: resident!, ...windowFromNow(30) },
    ]);
    const job = {
      id: 'outbox-1',
      name: 'help_request.created',
      queueName: 'matching',
      data: {
        outboxId: '1',
        topic: 'help_request.created',
        payload: { requestId, districtId: district('kaguraoka') },
      },
    };
    await processMatchingJob({ db: database.db, live: noLivePublisher }, job);
    await processMatchingJob({ db: database.db, live: noLivePublisher }, job);
    // Also twice at the same moment: one run holds the district, the other steps aside.
    const both = await Promise.all([
      processMatchingJob({ db: database.db, live: noLivePublisher }, job),
      processMatchingJob({ db: database.db, live: noLivePublisher }, job),
    ]);
    expect(both.map((r) => r?.status).sort()).toEqual(
      both.some((r) => r?.status === 'busy') ? ['busy', 'done'] : ['done', 'done'],
    );
    expect(await matchesOf([requestId!])).toHaveLength(1);
  });

  it('finds the district of an older job that names only the request', async () => {
    const [resident] = await createUsers(database.db, ['住民 四郎']);
    await createVolunteers(database.db, districtIds, [{ districts: ['shunkodai'] }]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'shunkodai', residentId: resident!, ...windowFromNow(30) },
    ]);
    const result = await processMatchingJob(
      { db: database.db, live: noLivePublisher },
      {
        queueName: 'matching',
        name: 'help_request.created',
        data: { outboxId: '2', topic: 'help_request.created', payload: { requestId } },
      },
    );
    expect(result).toMatchObject({ status: 'done', proposed: 1 });
  });

  it('never proposes anyone twice when two workers match the same district at once', async () => {
    const residents = await createUsers(
      database.db,
      Array.from({ length: 12 }, (_, i) => `住民 ${i}`),
    );
    const volunteers = await createVolunteers(
      database.db,
      districtIds,
      Array.from({ length: 8 }, () => ({ districts: ['toyooka'], maxTasksPerWeek: 2 })),
    );
    // 12 requests, several with overlapping windows, some needing two people.
    const requestIds = await createRequests(
      database.db,
      districtIds,
      residents.map((residentId, i) => ({
        district: 'toyooka',
        residentId,
        peopleNeeded: i % 4 === 0 ? 2 : 1,
        ...windowFromNow(30 + (i % 3)),
      })),
    );
    // Two worker processes: their own pools, racing repeatedly on the same district.
    const pools = [0, 1].map(() => createDb({ url: database.url, max: 4 }));
    try {
      const outcomes = await Promise.all(
        pools.flatMap((pool) =>
          [0, 1, 2].map(() =>
            runDistrictMatching({ db: pool.db, live: noLivePublisher }, district('toyooka')),
          ),
        ),
      );
      expect(outcomes.some((o) => o.status === 'done')).toBe(true);
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
    }
    await run('toyooka');

    const all = await matchesOf(requestIds);
    const live = all.filter((m) =>
      ['proposed', 'approved', 'offered', 'accepted'].includes(m.status),
    );
    expect(live.length).toBeGreaterThan(0);
    // No request has more live matches than people needed, nor one volunteer twice.
    for (const requestId of requestIds) {
      const mine = live.filter((m) => m.requestId === requestId);
      const row = await requestRow(requestId);
      expect(mine.length).toBeLessThanOrEqual(row.peopleNeeded);
      expect(new Set(mine.map((m) => m.volunteerId)).size).toBe(mine.length);
    }
    // No volunteer is booked for overlapping windows, nor beyond their weekly limit.
    const overlapping = await database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from matches a join matches b
        on a.volunteer_id = b.volunteer_id and a.id < b.id and a.booked_during && b.booked_during
      where a.status in ('proposed', 'approved', 'offered', 'accepted')
        and b.status in ('proposed', 'approved', 'offered', 'accepted')
        and a.exclusive and b.exclusive`);
    expect(overlapping[0]?.n).toBe(0);
    for (const volunteerId of volunteers) {
      expect(live.filter((m) => m.volunteerId === volunteerId).length).toBeLessThanOrEqual(2);
    }
  });

  it('re-matches an expired offer to someone else', async () => {
    const [resident, coordinator] = await createUsers(database.db, ['住民 五郎', '調整 役']);
    const [first, second] = await createVolunteers(database.db, districtIds, [
      { districts: ['kamui'], equipment: ['除雪機'] },
      { districts: ['kamui'] },
    ]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'kamui', residentId: resident!, ...windowFromNow(30) },
    ]);
    await run('kamui');
    const [proposal] = await matchesOf([requestId!]);
    expect(proposal?.volunteerId).toBe(first);
    await approveMatch(database.db, proposal!.id, coordinator!);

    // Nobody answers for 12 hours.
    const later = new Date(Date.now() + 13 * 3_600_000);
    expect(await expireDueOffers({ db: database.db, live: noLivePublisher }, later)).toEqual({
      expired: 1,
    });
    expect((await requestRow(requestId!)).status).toBe('matching');

    await run('kamui');
    const after = await matchesOf([requestId!]);
    expect(after.map((m) => [m.volunteerId, m.status])).toEqual([
      [first, 'expired'],
      [second, 'proposed'],
    ]);
  });

  it('gives a request refused too often to the coordinator', async () => {
    const [resident, coordinator] = await createUsers(database.db, ['住民 六郎', '調整 役2']);
    const volunteers = await createVolunteers(
      database.db,
      districtIds,
      Array.from({ length: 5 }, () => ({ districts: ['hokusei'] })),
    );
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'hokusei', residentId: resident!, ...windowFromNow(30) },
    ]);
    for (let round = 0; round < 3; round++) {
      await run('hokusei');
      const [live] = await database.db
        .select()
        .from(matches)
        .where(and(eq(matches.requestId, requestId!), eq(matches.status, 'proposed')));
      expect(live).toBeDefined();
      await approveMatch(database.db, live!.id, coordinator!);
      await database.db.update(matches).set({ status: 'declined' }).where(eq(matches.id, live!.id));
      await database.db
        .update(helpRequests)
        .set({ status: 'matching' })
        .where(eq(helpRequests.id, requestId!));
    }
    const result = await run('hokusei');
    expect(result).toMatchObject({ proposed: 0, unmatched: { tooManyRefusals: 1 } });
    expect(await requestRow(requestId!)).toMatchObject({
      status: 'unmatched',
      unmatchedReason: 'too_many_refusals',
    });
    // Three different volunteers were asked; two were never bothered.
    const asked = new Set((await matchesOf([requestId!])).map((m) => m.volunteerId));
    expect(asked.size).toBe(3);
    expect(volunteers.filter((v) => !asked.has(v))).toHaveLength(2);
  });

  it('asks opted-in neighbours only once the request has waited', async () => {
    const [resident] = await createUsers(database.db, ['住民 七郎']);
    const [neighbour] = await createVolunteers(database.db, districtIds, [
      { districts: ['chuwa'], helpsNeighbours: true },
      { districts: ['chuwa'], helpsNeighbours: false },
    ]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'etanbetsu', residentId: resident!, ...windowFromNow(30) },
    ]);
    // Fresh: nobody of its own district, and the neighbour is not asked yet — nor is it given up.
    expect(await run('etanbetsu')).toMatchObject({ proposed: 0, waiting: 1 });
    expect((await requestRow(requestId!)).status).toBe('matching');

    await database.db
      .update(helpRequests)
      .set({ matchingSince: new Date(Date.now() - 90 * 60_000) })
      .where(eq(helpRequests.id, requestId!));
    expect(await run('etanbetsu')).toMatchObject({ proposed: 1 });
    const [match] = await matchesOf([requestId!]);
    expect(match?.volunteerId).toBe(neighbour);
    const breakdown = ScoreBreakdown.parse(match!.scoreBreakdown);
    expect(breakdown.distanceKm).toBeGreaterThan(0);
    expect(breakdown.terms[0]).toMatchObject({
      term: 'distance',
      facts: { sameDistrict: false, km: breakdown.distanceKm },
    });
  });

  it('asks the neighbours at once when a coordinator sends the request to them now', async () => {
    const [resident, coordinator] = await createUsers(database.db, ['住民 十郎', '係 一子']);
    const [neighbour] = await createVolunteers(database.db, districtIds, [
      { districts: ['kaguraoka'], helpsNeighbours: true },
    ]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'kagura', residentId: resident!, ...windowFromNow(30) },
    ]);
    expect(await run('kagura')).toMatchObject({ proposed: 0, waiting: 1 });

    const sent = await openToNeighbours(database.db, {
      requestId: requestId!,
      actorId: coordinator!,
    });
    expect(sent.opened).toBe(true);
    // The wait still counts from when it entered matching (the resident's page says so).
    expect((await requestRow(requestId!)).neighboursOpenedAt).toBeInstanceOf(Date);
    expect(await run('kagura')).toMatchObject({ proposed: 1 });
    const [match] = await matchesOf([requestId!]);
    expect(match?.volunteerId).toBe(neighbour);
    // Sending again changes nothing.
    const again = await openToNeighbours(database.db, {
      requestId: requestId!,
      actorId: coordinator!,
    });
    expect(again).toEqual({ notices: [], opened: false });
  });

  it('gives a request needing three people to one big enough group, or to three individuals', async () => {
    const [a, b] = await createUsers(database.db, ['住民 八郎', '住民 九郎']);
    const [group] = await createVolunteers(database.db, districtIds, [
      {
        districts: ['shunko'],
        kind: 'group',
        headcount: 4,
        maxTasksPerWeek: 1,
        equipment: ['除雪機'],
      },
      { districts: ['shunko'] },
      { districts: ['shunko'] },
      { districts: ['shunko'] },
    ]);
    const [forGroup, forIndividuals] = await createRequests(database.db, districtIds, [
      {
        district: 'shunko',
        residentId: a!,
        peopleNeeded: 3,
        urgency: 'high',
        // Both in one Japan week (the group may take one task a week), whenever this runs.
        ...nextJstWeekdayWindow(3, 9),
      },
      { district: 'shunko', residentId: b!, peopleNeeded: 3, ...nextJstWeekdayWindow(3, 13) },
    ]);
    await run('shunko');
    const groupMatches = await matchesOf([forGroup!]);
    expect(groupMatches.map((m) => [m.volunteerId, m.exclusive])).toEqual([[group, false]]);
    expect((await requestRow(forGroup!)).status).toBe('proposed');
    const individual = await matchesOf([forIndividuals!]);
    expect(individual).toHaveLength(3);
    expect(individual.every((m) => m.exclusive)).toBe(true);
    expect(individual.map((m) => m.slot).sort()).toEqual([0, 1, 2]);
    expect((await requestRow(forIndividuals!)).status).toBe('proposed');
  });
});
