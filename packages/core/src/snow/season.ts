/**
 * The snow season runs from 1 December to 31 March. A season is named by the year it starts
 * in, so season 2026 is 1 Dec 2026 – 31 Mar 2027. Dates are ISO calendar dates (Japan time).
 */
export interface SeasonBounds {
  seasonYear: number;
  from: string;
  until: string;
}

export function seasonBounds(seasonYear: number): SeasonBounds {
  return {
    seasonYear,
    from: `${String(seasonYear)}-12-01`,
    until: `${String(seasonYear + 1)}-03-31`,
  };
}

function yearAndMonth(isoDate: string): { year: number; month: number } {
  return { year: Number(isoDate.slice(0, 4)), month: Number(isoDate.slice(5, 7)) };
}

/** The season a date falls in, or null for a date between April and November. */
export function seasonOf(isoDate: string): number | null {
  const { year, month } = yearAndMonth(isoDate);
  if (month === 12) return year;
  if (month <= 3) return year - 1;
  return null;
}

/** The season one registers for on `today`: the current one in winter, else the coming one. */
export function seasonToRegisterFor(today: string): number {
  return seasonOf(today) ?? yearAndMonth(today).year;
}

/** Does the whole range lie inside one season? Returns that season, or null. */
export function seasonOfRange(from: string, until: string): number | null {
  const season = seasonOf(from);
  if (season === null || from > until) return null;
  return seasonOf(until) === season ? season : null;
}

/** "07:30" → 450 minutes from midnight. */
export function minutesOfClock(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** 450 → "07:30". */
export function clockOfMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The ISO date `days` after `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface MorningWindow {
  start: Date;
  end: Date;
}

/**
 * When to clear after snow observed on `observedOn`: that morning's window if it has not ended
 * yet when the snow is declared, else the next morning's (snow measured over a day is cleared
 * the morning after). Null when both have passed — an old snowfall is recorded, not worked.
 */
export function clearingWindow(
  observedOn: string,
  fromMinute: number,
  byMinute: number,
  now: Date,
): MorningWindow | null {
  for (const day of [observedOn, addDays(observedOn, 1)]) {
    const window = {
      start: new Date(`${day}T${clockOfMinutes(fromMinute)}:00+09:00`),
      end: new Date(`${day}T${clockOfMinutes(byMinute)}:00+09:00`),
    };
    if (window.end.getTime() > now.getTime()) return window;
  }
  return null;
}
