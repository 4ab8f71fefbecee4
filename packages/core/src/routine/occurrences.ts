import { addDays, clockOfMinutes } from '../snow/season.ts';

/** How far ahead the weekly job makes occurrences, in days (today included). */
export const ROUTINE_HORIZON_DAYS = 14;

export interface RoutineSchedule {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  startsOn: string;
  endsOn: string | null;
  paused: boolean;
  ended: boolean;
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(isoDate: string): number {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export type OccurrenceState = 'planned' | 'skipped' | 'holiday';

export interface RoutineDay {
  day: string;
  state: OccurrenceState;
}

/**
 * The routine's days in `[from, from + days)`, each planned, skipped by the household, or a
 * collection holiday (年末年始). A paused or ended routine has none; days outside its
 * start/end have none.
 */
export function routineDays(
  schedule: RoutineSchedule,
  from: string,
  days: number,
  skips: ReadonlySet<string>,
  holidays: ReadonlySet<string>,
): RoutineDay[] {
  if (schedule.paused || schedule.ended) return [];
  const out: RoutineDay[] = [];
  for (let i = 0; i < days; i += 1) {
    const day = addDays(from, i);
    if (day < schedule.startsOn) continue;
    if (schedule.endsOn !== null && day > schedule.endsOn) break;
    if (!schedule.weekdays.includes(isoWeekday(day))) continue;
    const state = holidays.has(day) ? 'holiday' : skips.has(day) ? 'skipped' : 'planned';
    out.push({ day, state });
  }
  return out;
}

/** The window of one occurrence as instants (Japan time). */
export function routineWindow(
  day: string,
  fromMinute: number,
  untilMinute: number,
): { start: Date; end: Date } {
  return {
    start: new Date(`${day}T${clockOfMinutes(fromMinute)}:00+09:00`),
    end: new Date(`${day}T${clockOfMinutes(untilMinute)}:00+09:00`),
  };
}
