/**
 * Calendar helpers for the seed, in Asia/Tokyo (UTC+9, no daylight saving). Demo dates are
 * relative to "today in Japan", so request windows always lie in the coming days.
 */

import { instantInJapan, japanWallClock } from '@sasaeai/core';

export interface JstDay {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export function jstToday(now: Date): JstDay {
  const shifted = japanWallClock(now);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** The instant at `minuteOfDay` (JST) on the day `dayOffset` days after `base`. */
export function jstInstant(base: JstDay, dayOffset: number, minuteOfDay: number): Date {
  return instantInJapan(base.year, base.month, base.day + dayOffset, minuteOfDay);
}

/** `YYYY-MM-DD` for the day `dayOffset` days after `base` (for `date` columns). */
export function jstIsoDate(base: JstDay, dayOffset = 0): string {
  return new Date(Date.UTC(base.year, base.month - 1, base.day + dayOffset))
    .toISOString()
    .slice(0, 10);
}

/** Japanese fiscal year (年度, April–March): 2026-11-27 → 2026, 2027-02-01 → 2026. */
export function fiscalYearOf(day: JstDay): number {
  return day.month >= 4 ? day.year : day.year - 1;
}

/** Last day of a fiscal year; volunteer activity insurance runs to 31 March. */
export function fiscalYearEnd(fiscalYear: number): string {
  return `${fiscalYear + 1}-03-31`;
}

/** Snow season in Asahikawa for demo weighting: November to March. */
export function isSnowSeason(day: JstDay): boolean {
  return day.month >= 11 || day.month <= 3;
}
