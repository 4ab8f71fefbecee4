import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import {
  collectionHolidays,
  helpRequests,
  outbox,
  residentProfiles,
  weeklyRoutines,
  weeklyRoutineSkips,
} from '@sasaeai/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  processMaintenanceJob,
  type MaintenanceDependencies,
} from '../src/handlers/maintenance.ts';
import { expandRoutines, WEEKLY_ROUTINES_JOB } from '../src/handlers/weekly-routines.ts';
import { createUsers, seedDistrictIds } from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('weekly');
  districtIds = await seedDistrictIds(database.db);
});

afterAll(async () => {
  await database.drop();
});

/** Thursday 24 December 2026, midnight in Japan: the next 14 days run to 6 January. */
const NOW = new Date('2026-12-23T15:00:00Z');

async function resident(name: string): Promise<string> {
  const [id] = await createUsers(database.db, [name]);
  await database.db.insert(residentProfiles).values({
    userId: id!,
    fullName: name,
    address: '旭川市永山3条5丁目2-10',
    districtId: districtIds.get('nagayama')!,
  });
  return id!;
}

async function routine(residentId: string, values: Partial<typeof weeklyRoutines.$inferInsert>) {
  const [row] = await database.db
    .insert(weeklyRoutines)
    .values({
      residentId,
      createdBy: residentId,
      category: 'rubbish',
      weekdays: [1, 4],
      fromMinute: 7 * 60 + 30,
      untilMinute: 8 * 60 + 30,
      collectionArea: '永山 月・木',
      startsOn: '2026-12-01',
      ...values,
    })
    .returning();
  return row!;
}

const occurrencesOf = (routineId: string) =>
  database.db
    .select({ occursOn: helpRequests.occursOn, category: helpRequests.category })
    .from(helpRequests)
    .where(eq(helpRequests.weeklyRoutineId, routineId))
    .orderBy(helpRequests.occursOn);

describe('weekly routines (maintenance job)', () => {
  it('makes the next two weeks, leaving out holidays, skipped dates and paused or ended routines, once', async () => {
    // The city's calendar, seeded by the migration: no collection 31 Dec – 3 Jan.
    const holidays = await database.db
      .select({ day: collectionHolidays.day })
      .from(collectionHolidays)
      .where(
        and(
          sql`${collectionHolidays.day} >= '2026-12-31'`,
          sql`${collectionHolidays.day} <= '2027-01-03'`,
        ),
      );
    expect(holidays).toHaveLength(4);

    const running = await routine(await resident('住民 A'), {});
    await database.db
      .insert(weeklyRoutineSkips)
      .values({ routineId: running.id, skipOn: '2026-12-28', createdBy: running.residentId });
    const paused = await routine(await resident('住民 B'), { paused: true });
    const ended = await routine(await resident('住民 C'), { endedAt: new Date() });
    const notYet = await routine(await resident('住民 D'), { startsOn: '2027-01-05' });

    const first = await expandRoutines({ db: database.db }, NOW);
    // Thu 24 Dec, (Mon 28 skipped), (Thu 31 holiday), Mon 4 Jan.
    expect(await occurrencesOf(running.id)).toEqual([
      { occursOn: '2026-12-24', category: 'rubbish' },
      { occursOn: '2027-01-04', category: 'rubbish' },
    ]);
    expect(await occurrencesOf(paused.id)).toEqual([]);
    expect(await occurrencesOf(ended.id)).toEqual([]);
    expect(first.created).toBe(2);

    // Each is an ordinary request announced through the outbox, so matching takes it up.
    const requests = await database.db
      .select({ id: helpRequests.id, windowStart: helpRequests.windowStart })
      .from(helpRequests)
      .where(eq(helpRequests.weeklyRoutineId, running.id));
    expect(requests[0]!.windowStart.toISOString()).toBe('2026-12-23T22:30:00.000Z');
    const announced = await database.db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(
        and(
          eq(outbox.topic, 'help_request.created'),
          inArray(
            sql`${outbox.payload}->>'requestId'`,
            requests.map((r) => r.id),
          ),
        ),
      );
    expect(announced).toHaveLength(2);

    // Running again (twice, at once) creates nothing twice.
    const again = await Promise.all([
      expandRoutines({ db: database.db }, NOW),
      expandRoutines({ db: database.db }, NOW),
    ]);
    expect(again.map((r) => r.created)).toEqual([0, 0]);
    expect(await occurrencesOf(running.id)).toHaveLength(2);

    // A day later the horizon reaches Thursday 7 January, and the routine starting on the 5th.
    const later = await expandRoutines({ db: database.db }, new Date('2026-12-24T15:00:00Z'));
    expect(later.created).toBe(2);
    expect((await occurrencesOf(running.id)).map((r) => r.occursOn)).toContain('2027-01-07');
    expect((await occurrencesOf(notYet.id)).map((r) => r.occursOn)).toEqual(['2027-01-07']);
  });

  it('runs as the maintenance queue’s routines.expand job', async () => {
    const result = await processMaintenanceJob(
      { db: database.db } as unknown as MaintenanceDependencies,
      { name: WEEKLY_ROUTINES_JOB },
    );
    expect(result).toMatchObject({ created: expect.any(Number) });
  });
});
