/**
 * Person-hours (延べ活動時間) of completed matches: the one rule the volunteer's history, the
 * activity certificate and the centre's reports count by. A match counts the minutes its
 * volunteer recorded; a match completed without them (paper, older data) counts its planned
 * window, capped at a day like a recorded time. A group's minutes count once per member.
 */
import { fiscalYearOf } from './fiscal-year.ts';

/** The most a single match may count, the same bound as a recorded time (matches.minutes_spent). */
export const MAX_MATCH_MINUTES = 1440;

export interface CompletedMatchTime {
  minutesSpent: number | null;
  windowStart: Date;
  windowEnd: Date;
}

export interface HelperSize {
  kind: 'individual' | 'group';
  headcount: number;
}

/** Minutes one completed match counts, before the headcount. */
export function matchMinutes(match: CompletedMatchTime): number {
  if (match.minutesSpent !== null) {
    return Math.min(Math.max(match.minutesSpent, 0), MAX_MATCH_MINUTES);
  }
  const planned = Math.round((match.windowEnd.getTime() - match.windowStart.getTime()) / 60_000);
  return Math.min(Math.max(planned, 0), MAX_MATCH_MINUTES);
}

/** How many people a helper's minutes count for: a group its headcount, anyone else one. */
export function peopleCounted(helper: HelperSize): number {
  return helper.kind === 'group' ? Math.max(1, Math.trunc(helper.headcount)) : 1;
}

/** Person-minutes of one completed match. */
export function personMinutes(match: CompletedMatchTime, helper: HelperSize): number {
  return matchMinutes(match) * peopleCounted(helper);
}

/** Hours for people to read: one decimal place (90 minutes → 1.5). */
export function hoursOf(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}

export interface ActivityTotals {
  activities: number;
  minutes: number;
  personMinutes: number;
}

/** Totals of completed matches by fiscal year (of the planned start, Japan time), newest first. */
export function totalsByFiscalYear(
  rows: readonly CompletedMatchTime[],
  helper: HelperSize,
): { fiscalYear: number; totals: ActivityTotals }[] {
  const byYear = new Map<number, ActivityTotals>();
  for (const row of rows) {
    const year = fiscalYearOf(row.windowStart);
    const totals = byYear.get(year) ?? { activities: 0, minutes: 0, personMinutes: 0 };
    totals.activities += 1;
    totals.minutes += matchMinutes(row);
    totals.personMinutes += personMinutes(row, helper);
    byYear.set(year, totals);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => b - a)
    .map(([fiscalYear, totals]) => ({ fiscalYear, totals }));
}
