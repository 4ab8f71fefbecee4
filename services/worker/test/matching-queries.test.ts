import { weekKeyOf } from '@sasaeai/core';
import { rematchRequest } from '@sasaeai/db/help-loop';
import {
  candidatesForRequest,
  districtMatchingContext,
  districtsWithStaleRequests,
  loadCandidates,
  loadMatchableRequests,
} from '@sasaeai/db/matching';
import { helpRequests, matches } from '@sasaeai/db/schema';
import { TOWN_SEEDS, generateDemoData } from '@sasaeai/db/seed';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { districtForAddress } from '@sasaeai/core';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequests,
  createUsers,
  createVolunteers,
  seedDistrictIds,
  windowFromNow,
} from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('matchqueries');
  districtIds = await seedDistrictIds(database.db);
});

afterAll(async () => {
  await database.drop();
});

const range = (start: Date, end: Date) => `[${start.toISOString()},${end.toISOString()})`;

async function insertMatch(values: {
  requestId: string;
  volunteerId: string;
  status: typeof matches.$inferInsert.status;
  start: Date;
  end: Date;
  exclusive?: boolean;
  slot?: number;
}) {
  await database.db.insert(matches).values({
    requestId: values.requestId,
    volunteerId: values.volunteerId,
    status: values.status,
    slot: values.slot ?? 0,
    bookedDuring: range(values.start, values.end),
    exclusive: values.exclusive ?? true,
  });
}

describe('matching queries', () => {
  it('load a district batch with places, exclusions, refusals and waiting time', async () => {
    const [resident, other, coordinator] = await createUsers(database.db, [
      '住民',
      '住民2',
      '調整',
    ]);
    const volunteers = await createVolunteers(
      database.db,
      districtIds,
      Array.from({ length: 4 }, () => ({ districts: ['nagayama'] })),
    );
    const w = windowFromNow(30);
    const [twoPeople, refused, covered, done] = await createRequests(
      database.db,
      districtIds,
      [
        { district: 'nagayama', residentId: resident!, peopleNeeded: 2, ...w },
        {
          district: 'nagayama',
          residentId: other!,
          status: 'matching',
          matchingSince: new Date(Date.now() - 45 * 60_000),
          ...w,
        },
        { district: 'nagayama', residentId: resident!, status: 'matching', ...w },
        { district: 'nagayama', residentId: resident!, ...w },
      ],
      { outbox: false },
    );
    await database.db
      .update(helpRequests)
      .set({ status: 'done' })
      .where(eq(helpRequests.id, done!));
    await insertMatch({
      requestId: twoPeople!,
      volunteerId: volunteers[0]!,
      status: 'proposed',
      start: w.windowStart,
      end: w.windowEnd,
    });
    for (const [i, status] of (['declined', 'expired', 'rejected'] as const).entries()) {
      await insertMatch({
        requestId: refused!,
        volunteerId: volunteers[i]!,
        status,
        start: w.windowStart,
        end: w.windowEnd,
      });
    }
    await insertMatch({
      requestId: covered!,
      volunteerId: volunteers[3]!,
      status: 'accepted',
      start: w.windowStart,
      end: w.windowEnd,
    });

    const context = (await districtMatchingContext(database.db, districtIds.get('nagayama')!))!;
    expect(context.neighbourIds.sort()).toEqual(
      ['shin-asahikawa', 'higashi-takasu', 'higashi-asahikawa', 'suehiro']
        .map((c) => districtIds.get(c)!)
        .sort(),
    );
    const now = new Date();
    const batch = await loadMatchableRequests(database.db, context, now);
    const byId = new Map(batch.map((r) => [r.id, r]));
    // Covered and done requests are not in the batch.
    expect([...byId.keys()].sort()).toEqual([twoPeople!, refused!].sort());
    expect(byId.get(twoPeople!)).toMatchObject({
      status: 'open',
      peopleNeeded: 2,
      placesOpen: 1,
      excludedVolunteerIds: [volunteers[0]],
      refusals: 0,
      residentId: resident,
    });
    const r = byId.get(refused!)!;
    expect(r.refusals).toBe(3);
    expect([...r.excludedVolunteerIds].sort()).toEqual(volunteers.slice(0, 3).sort());
    expect(r.waitingMinutes).toBeGreaterThanOrEqual(44);
    expect(r.waitingMinutes).toBeLessThanOrEqual(46);
    expect(r.matchFrom?.getTime()).toBe(w.windowStart.getTime());

    // Once a coordinator sends it back from the inbox, old refusals no longer count (the
    // volunteers who refused stay excluded).
    await database.db
      .update(helpRequests)
      .set({ status: 'unmatched' })
      .where(eq(helpRequests.id, refused!));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await rematchRequest(database.db, refused!, coordinator!);
    const again = (await loadMatchableRequests(database.db, context, new Date())).find(
      (x) => x.id === refused,
    )!;
    expect(again.refusals).toBe(0);
    expect(again.excludedVolunteerIds).toHaveLength(3);
  });

  it('load candidates with their weekly load, bookings, continuity and reliability', async () => {
    const [resident, stranger] = await createUsers(database.db, ['住民3', '住民4']);
    const [individual, group, pending, elsewhere] = await createVolunteers(
      database.db,
      districtIds,
      [
        {
          districts: ['toko', 'taisei'],
          equipment: ['スノーダンプ'],
          helpsNeighbours: true,
          availability: [{ weekday: 2, startMinute: 480, endMinute: 720 }],
          maxTasksPerWeek: 4,
        },
        { districts: ['toko'], kind: 'group', headcount: 6, skills: ['snow'] },
        { districts: ['toko'], verification: 'pending' },
        { districts: ['etanbetsu'] },
      ],
    );
    const w = windowFromNow(50, 3);
    const past = windowFromNow(-24 * 30);
    const [groupRequest, history, later] = await createRequests(
      database.db,
      districtIds,
      [
        { district: 'toko', residentId: stranger!, peopleNeeded: 3, ...w },
        { district: 'toko', residentId: resident!, ...past },
        { district: 'toko', residentId: stranger!, ...windowFromNow(24 * 8) },
      ],
      { outbox: false },
    );
    // Past: completed for `resident` (continuity), plus a decline and a no-show.
    await insertMatch({
      requestId: history!,
      volunteerId: individual!,
      status: 'completed',
      start: past.windowStart,
      end: past.windowEnd,
    });
    await insertMatch({
      requestId: history!,
      volunteerId: individual!,
      status: 'declined',
      start: past.windowStart,
      end: past.windowEnd,
      slot: 1,
    });
    await insertMatch({
      requestId: later!,
      volunteerId: individual!,
      status: 'no_show',
      start: past.windowStart,
      end: past.windowEnd,
    });
    // Live: the group holds the three-person request; the individual has a booking next week.
    await insertMatch({
      requestId: groupRequest!,
      volunteerId: group!,
      status: 'offered',
      start: w.windowStart,
      end: w.windowEnd,
      exclusive: false,
    });
    const next = windowFromNow(24 * 8);
    await insertMatch({
      requestId: later!,
      volunteerId: individual!,
      status: 'accepted',
      start: next.windowStart,
      end: next.windowEnd,
      slot: 1,
    });

    const now = new Date();
    const candidates = await loadCandidates(database.db, {
      districtIds: [districtIds.get('toko')!, districtIds.get('taisei')!],
      categories: ['snow'],
      from: w.windowStart,
      to: new Date(next.windowEnd.getTime()),
      residentIds: [resident!, stranger!],
      now,
    });
    const ids = candidates.map((c) => c.id);
    expect(ids).toContain(individual);
    expect(ids).toContain(group);
    expect(ids).not.toContain(pending); // not verified
    expect(ids).not.toContain(elsewhere); // serves another district
    const ind = candidates.find((c) => c.id === individual)!;
    expect(ind).toMatchObject({
      kind: 'individual',
      headcount: 1,
      equipment: ['スノーダンプ'],
      helpsNeighbours: true,
      maxTasksPerWeek: 4,
      insuranceExpiresOn: '2099-03-31',
      availability: [{ weekday: 2, startMinute: 480, endMinute: 720 }],
      helpedResidentIds: [resident],
      reliability: { completed: 1, declined: 1, expired: 0, noShow: 1 },
    });
    expect(ind.districts.map((d) => d.id).sort()).toEqual(
      [districtIds.get('toko')!, districtIds.get('taisei')!].sort(),
    );
    expect(ind.tasksByWeek).toEqual({ [weekKeyOf(next.windowStart)]: 1 });
    expect(ind.busy).toEqual([{ start: next.windowStart, end: next.windowEnd, people: 1 }]);
    const grp = candidates.find((c) => c.id === group)!;
    expect(grp.busy).toEqual([{ start: w.windowStart, end: w.windowEnd, people: 3 }]);
    expect(grp.tasksByWeek).toEqual({ [weekKeyOf(w.windowStart)]: 1 });
  });

  it('lists districts with requests nothing has touched for a while', async () => {
    const [resident] = await createUsers(database.db, ['住民5']);
    const [fresh, stale] = await createRequests(
      database.db,
      districtIds,
      [
        { district: 'kagura', residentId: resident!, ...windowFromNow(30) },
        { district: 'chuwa', residentId: resident!, ...windowFromNow(30) },
      ],
      { outbox: false },
    );
    await database.db.execute(
      sql`update help_requests set updated_at = now() - interval '10 minutes' where id = ${stale!}`,
    );
    const districts = await districtsWithStaleRequests(database.db, 300);
    expect(districts).toContain(districtIds.get('chuwa'));
    expect(districts).not.toContain(districtIds.get('kagura'));
    expect(fresh).toBeDefined();
  });

  it('rank a request’s candidates for the coordinator, with the reasons for the rest', async () => {
    const [resident] = await createUsers(database.db, ['住民6']);
    const [good, busy, unskilled] = await createVolunteers(database.db, districtIds, [
      { districts: ['kaguraoka'] },
      { districts: ['kaguraoka'], maxTasksPerWeek: 0 },
      { districts: ['kaguraoka'], skills: ['visit'] },
    ]);
    const [requestId] = await createRequests(
      database.db,
      districtIds,
      [{ district: 'kaguraoka', residentId: resident!, ...windowFromNow(30) }],
      { outbox: false },
    );
    const list = (await candidatesForRequest(database.db, requestId!))!;
    expect(list.ranked.map((c) => c.volunteerId)).toEqual([good]);
    expect(list.ranked[0]!.breakdown.terms).toHaveLength(7);
    const reasons = new Map(list.explained.map((e) => [e.volunteerId, e.reasons]));
    expect(reasons.get(busy!)).toEqual(['capacity']);
    expect(reasons.get(unskilled!)).toEqual(['skill']);
    expect(
      await candidatesForRequest(database.db, '00000000-0000-4000-8000-000000000000'),
    ).toBeNull();
  });
});

describe('districtForAddress against the seed', () => {
  it('derives the district of every generated demo address', () => {
    const residents = [1, 2, 3, 4, 5, 6, 7, 8].flatMap(
      (seed) =>
        generateDemoData({ seed, residents: 300, volunteers: 0, groups: 0, requests: 0 }).residents,
    );
    const wrong = residents.filter((r) => districtForAddress(r.address, TOWN_SEEDS) !== r.district);
    expect(wrong.map((r) => [r.address, r.district])).toEqual([]);
    // The demo weights residents to a few districts; every pattern kind is tested in core.
    expect(new Set(residents.map((r) => r.district)).size).toBeGreaterThanOrEqual(10);
    expect(residents.length).toBe(2_400);
  });
});
