import { candidatesForRequest, loadCandidates } from '@sasaeai/db/matching';
import { matches, volunteerProfiles } from '@sasaeai/db/schema';
import { noLivePublisher } from '../src/live-publisher.ts';
import { runDistrictMatching } from '../src/matching/run-district.ts';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequests,
  createUsers,
  createVolunteers,
  seedDistrictIds,
  silentLogger,
  windowFromNow,
} from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('matchsupported');
  districtIds = await seedDistrictIds(database.db);
});

afterAll(async () => {
  await database.drop();
});

const range = (w: { windowStart: Date; windowEnd: Date }) =>
  `[${w.windowStart.toISOString()},${w.windowEnd.toISOString()})`;

describe('supported volunteering in the candidate query', () => {
  it('carries the buddy rule until a first completed task, and the quiet preference', async () => {
    const [resident] = await createUsers(database.db, ['住民S']);
    const [newcomer, experienced, quiet, plain] = await createVolunteers(
      database.db,
      districtIds,
      Array.from({ length: 4 }, () => ({ districts: ['kamui'] })),
    );
    for (const id of [newcomer!, experienced!]) {
      await database.db
        .update(volunteerProfiles)
        .set({ firstTaskWithBuddy: true })
        .where(eq(volunteerProfiles.userId, id));
    }
    await database.db
      .update(volunteerProfiles)
      .set({ preferQuiet: true })
      .where(eq(volunteerProfiles.userId, quiet!));
    const past = windowFromNow(-24 * 20);
    const now = windowFromNow(30);
    const [history, single] = await createRequests(
      database.db,
      districtIds,
      [
        { district: 'kamui', residentId: resident!, ...past },
        { district: 'kamui', residentId: resident!, ...now },
      ],
      { outbox: false },
    );
    // One completed task: the buddy rule no longer holds for them, though the flag stays.
    await database.db.insert(matches).values({
      requestId: history!,
      volunteerId: experienced!,
      status: 'completed',
      slot: 0,
      bookedDuring: range(past),
      exclusive: true,
    });

    const candidates = await loadCandidates(database.db, {
      districtIds: [districtIds.get('kamui')!],
      from: now.windowStart,
      to: now.windowEnd,
      residentIds: [resident!],
      now: new Date(),
    });
    const byId = new Map(candidates.map((c) => [c.id, c]));
    expect(byId.get(newcomer!)?.needsBuddy).toBe(true);
    expect(byId.get(experienced!)).not.toHaveProperty('needsBuddy');
    expect(byId.get(quiet!)?.preferQuiet).toBe(true);
    expect(byId.get(plain!)).not.toHaveProperty('needsBuddy');
    expect(byId.get(plain!)).not.toHaveProperty('preferQuiet');

    // The coordinator's list: the newcomer is explained, the quiet one scores the extra term.
    const list = (await candidatesForRequest(database.db, single!))!;
    const reasons = new Map(list.explained.map((e) => [e.volunteerId, e.reasons]));
    expect(reasons.get(newcomer!)).toEqual(['needs_buddy']);
    expect(list.ranked.map((c) => c.volunteerId)).not.toContain(newcomer);
    const order = list.ranked.map((c) => c.volunteerId);
    expect(order.indexOf(quiet!)).toBeLessThan(order.indexOf(plain!));
    const quietRow = list.ranked.find((c) => c.volunteerId === quiet)!;
    expect(quietRow.breakdown.terms.at(-1)).toMatchObject({ term: 'quiet', points: 6 });
    const others = list.ranked.filter((c) => c.volunteerId !== quiet);
    for (const c of others) expect(c.breakdown.terms).toHaveLength(7);
  });

  it('a district run proposes the newcomer beside someone, never alone, with the quiet term', async () => {
    const [resident, lonely] = await createUsers(database.db, ['住民T', '住民U']);
    const [newcomer, veteran] = await createVolunteers(database.db, districtIds, [
      { districts: ['shunko'] },
      { districts: ['shunko'] },
    ]);
    await database.db
      .update(volunteerProfiles)
      .set({ firstTaskWithBuddy: true, preferQuiet: true })
      .where(eq(volunteerProfiles.userId, newcomer!));
    // The coordinator's list keeps the strict rule: nobody holds a place yet.
    const [pair, single] = await createRequests(database.db, districtIds, [
      { district: 'shunko', residentId: resident!, peopleNeeded: 2, ...windowFromNow(40) },
      { district: 'shunko', residentId: lonely!, ...windowFromNow(70) },
    ]);
    const before = (await candidatesForRequest(database.db, pair!))!;
    expect(before.ranked.map((c) => c.volunteerId)).toEqual([veteran]);

    await runDistrictMatching(
      { db: database.db, live: noLivePublisher, logger: silentLogger },
      districtIds.get('shunko')!,
    );
    const proposed = await database.db
      .select({
        requestId: matches.requestId,
        volunteerId: matches.volunteerId,
        breakdown: matches.scoreBreakdown,
      })
      .from(matches)
      .where(inArray(matches.requestId, [pair!, single!]));
    // The newcomer goes to the pair with the veteran; the single request is the veteran's alone.
    const onPair = proposed.filter((m) => m.requestId === pair);
    expect(onPair.map((m) => m.volunteerId).sort()).toEqual([newcomer, veteran].sort());
    expect(proposed.filter((m) => m.requestId === single).map((m) => m.volunteerId)).toEqual([
      veteran,
    ]);
    const mine = onPair.find((m) => m.volunteerId === newcomer)!;
    const terms = (mine.breakdown as { terms: { term: string; points: number }[] }).terms;
    expect(terms.at(-1)).toMatchObject({ term: 'quiet', points: 6 });
  });
});
