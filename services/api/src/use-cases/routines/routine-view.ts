import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import { collectionHolidays, weeklyRoutines, weeklyRoutineSkips } from '@sasaeai/db/schema';
import type { WeeklyRoutine } from '@sasaeai/contracts';
import {
  addDays,
  clockOfMinutes,
  jstToday,
  ROUTINE_HORIZON_DAYS,
  routineDays,
} from '@sasaeai/core';

type RoutineRow = typeof weeklyRoutines.$inferSelect;

/** Routines as the API shows them, each with its next two weeks (planned, skipped, holiday). */
export async function toRoutineViews(
  db: DbOrTx,
  rows: RoutineRow[],
  now: Date = new Date(),
): Promise<WeeklyRoutine[]> {
  if (rows.length === 0) return [];
  const today = jstToday(now);
  const last = addDays(today, ROUTINE_HORIZON_DAYS - 1);
  const [holidayRows, skipRows] = await Promise.all([
    db
      .select({ day: collectionHolidays.day })
      .from(collectionHolidays)
      .where(and(gte(collectionHolidays.day, today), lte(collectionHolidays.day, last))),
    db
      .select()
      .from(weeklyRoutineSkips)
      .where(
        and(
          inArray(
            weeklyRoutineSkips.routineId,
            rows.map((r) => r.id),
          ),
          gte(weeklyRoutineSkips.skipOn, today),
        ),
      ),
  ]);
  const holidays = new Set(holidayRows.map((r) => r.day));
  return rows.map((row) => {
    const skips = new Set(skipRows.filter((s) => s.routineId === row.id).map((s) => s.skipOn));
    return {
      id: row.id,
      residentId: row.residentId,
      viaProxy: row.viaProxy,
      category: row.category,
      weekdays: row.weekdays,
      from: clockOfMinutes(row.fromMinute),
      until: clockOfMinutes(row.untilMinute),
      collectionArea: row.collectionArea,
      notes: row.notes,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      paused: row.paused,
      ended: row.endedAt !== null,
      nextDays: routineDays(
        {
          weekdays: row.weekdays,
          startsOn: row.startsOn,
          endsOn: row.endsOn,
          paused: row.paused,
          ended: row.endedAt !== null,
        },
        today,
        ROUTINE_HORIZON_DAYS,
        skips,
        holidays,
      ),
    };
  });
}

export async function routinesOf(db: DbOrTx, residentId: string): Promise<RoutineRow[]> {
  return db
    .select()
    .from(weeklyRoutines)
    .where(eq(weeklyRoutines.residentId, residentId))
    .orderBy(weeklyRoutines.createdAt);
}
