// Time helpers (Japan time, UTC+9, no DST)

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The instant of a JST wall-clock time. */
export const jst = (y: number, m: number, d: number, h = 0, min = 0) =>
  new Date(Date.UTC(y, m - 1, d, h - 9, min));
