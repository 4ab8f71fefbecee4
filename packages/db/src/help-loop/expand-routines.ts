import { and, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { addDays, jstToday, ROUTINE_HORIZON_DAYS, routineDays, routineWindow } from '@sasaeai/core';
import type { Database } from '../client.ts';
import {
  collectionHolidays,
  helpRequests,
  residentProfiles,
  weeklyRoutines,
  weeklyRoutineSkips,
} from '../schema/index.ts';
import { announceRequests } from './announce-requests.ts';

export interface RoutineExpansion {
  /** Occurrences written by this run. */
  created: number;
  /** Planned occurrences that already existed (an earlier run made them). */
  alreadyExisted: number;
}

const BATCH = 500;

/**
 * Makes the next `horizonDays` of every running weekly routine into ordinary help requests —
 * through the same statement as a resident's request, so each has its audit event and its
 * outbox row and reaches matching alike. Paused and ended routines, the household's skipped
 * dates, the city's collection holidays and windows already over are left out. The unique index
 * on (routine, day) makes a second run, or two workers at once, create nothing twice.
 */
export async function expandWeeklyRoutines(
  db: Database,
  now: Date = new Date(),
  horizonDays: number = ROUTINE_HORIZON_DAYS,
): Promise<RoutineExpansion> {
  const today = jstToday(now);
  const last = addDays(today, horizonDays - 1);
  const routines = await db
    .select({
      routine: weeklyRoutines,
      address: residentProfiles.address,
      districtId: residentProfiles.districtId,
    })
    .from(weeklyRoutines)
    .innerJoin(residentProfiles, eq(residentProfiles.userId, weeklyRoutines.residentId))
    .where(
      and(
        eq(weeklyRoutines.paused, false),
        isNull(weeklyRoutines.endedAt),
        lte(weeklyRoutines.startsOn, last),
        or(isNull(weeklyRoutines.endsOn), gte(weeklyRoutines.endsOn, today)),
        isNotNull(residentProfiles.address),
        isNotNull(residentProfiles.districtId),
      ),
    );
  if (routines.length === 0) return { created: 0, alreadyExisted: 0 };

  const holidays = new Set(
    (
      await db
        .select({ day: collectionHolidays.day })
        .from(collectionHolidays)
        .where(and(gte(collectionHolidays.day, today), lte(collectionHolidays.day, last)))
    ).map((row) => row.day),
  );

  let created = 0;
  let planned = 0;
  for (let offset = 0; offset < routines.length; offset += BATCH) {
    const batch = routines.slice(offset, offset + BATCH);
    const skipRows = await db
      .select({ routineId: weeklyRoutineSkips.routineId, day: weeklyRoutineSkips.skipOn })
      .from(weeklyRoutineSkips)
      .where(
        and(
          inArray(
            weeklyRoutineSkips.routineId,
            batch.map((row) => row.routine.id),
          ),
          gte(weeklyRoutineSkips.skipOn, today),
          lte(weeklyRoutineSkips.skipOn, last),
        ),
      );
    const skips = new Map<string, Set<string>>();
    for (const row of skipRows) {
      const set = skips.get(row.routineId) ?? new Set<string>();
      set.add(row.day);
      skips.set(row.routineId, set);
    }

    const values: (typeof helpRequests.$inferInsert)[] = [];
    for (const { routine, address, districtId } of batch) {
      const days = routineDays(
        {
          weekdays: routine.weekdays,
          startsOn: routine.startsOn,
          endsOn: routine.endsOn,
          paused: routine.paused,
          ended: routine.endedAt !== null,
        },
        today,
        horizonDays,
        skips.get(routine.id) ?? new Set(),
        holidays,
      );
      for (const { day, state } of days) {
        if (state !== 'planned') continue;
        const window = routineWindow(day, routine.fromMinute, routine.untilMinute);
        if (window.end.getTime() <= now.getTime()) continue;
        values.push({
          residentId: routine.residentId,
          createdBy: routine.createdBy,
          viaProxy: routine.viaProxy,
          districtId: districtId!,
          category: routine.category,
          address: address!,
          windowStart: window.start,
          windowEnd: window.end,
          asSoonAsPossible: false,
          peopleNeeded: 1,
          urgency: 'normal',
          notes: routine.notes,
          recurrence: { kind: 'weekly', weekdays: routine.weekdays },
          weeklyRoutineId: routine.id,
          occursOn: day,
        });
      }
    }
    if (values.length === 0) continue;
    planned += values.length;
    const inserted = db.$with('inserted').as(
      db
        .insert(helpRequests)
        .values(values)
        .onConflictDoNothing({
          target: [helpRequests.weeklyRoutineId, helpRequests.occursOn],
          where: sql`${helpRequests.weeklyRoutineId} is not null`,
        })
        .returning(),
    );
    const rows = await announceRequests(
      db,
      inserted,
      sql`${JSON.stringify({ viaProxy: false, category: 'routine', weekly: true })}::jsonb`,
    );
    created += rows.length;
  }
  return { created, alreadyExisted: planned - created };
}
