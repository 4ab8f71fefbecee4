/**
 * Japan time, in one place. Japan has kept UTC+9 all year since 1952 (no daylight saving), so a
 * fixed offset is exact for every date the app handles and needs no time-zone database.
 */
export const JST_OFFSET_MS = 9 * 3_600_000;

/**
 * The instant shifted so that its UTC fields read as Japan's wall clock (`getUTCFullYear()` is
 * the year in Japan, `getUTCHours()` the hour in Japan, …). For calendar arithmetic only.
 */
export function japanWallClock(instant: Date | number): Date {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + JST_OFFSET_MS);
}

/**
 * The instant at a wall-clock time in Japan: `month` 1–12; `day` and `minuteOfDay` may run
 * over (day 32, minute 1,500), as `Date.UTC` allows.
 */
export function instantInJapan(year: number, month: number, day = 1, minuteOfDay = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, 0, minuteOfDay) - JST_OFFSET_MS);
}

/** Today's calendar date in Japan, `YYYY-MM-DD`. */
export function jstToday(now: Date = new Date()): string {
  return japanWallClock(now).toISOString().slice(0, 10);
}

/** The month in Japan, `YYYY-MM`. */
export function jstMonthOf(now: Date = new Date()): string {
  return japanWallClock(now).toISOString().slice(0, 7);
}

/** The first instant of the Japanese calendar day an instant falls in. */
export function startOfJapanDay(instant: Date | number): Date {
  const wall = japanWallClock(instant);
  return instantInJapan(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate());
}
