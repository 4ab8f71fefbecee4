import { japanTimeWords } from './clock.ts';

/** Dates on paper for residents: Japanese, Japan's time, said the way one speaks them. */
const dayFormat = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});

/** `2026年12月4日(金)` */
export const paperDay = (iso: string) => dayFormat.format(new Date(iso));

/** `午前8時から 午前11時まで` (the end only when on the same day), the pages' clock rule. */
export function paperTimes(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  const from = japanTimeWords('ja', startIso);
  if (end.getTime() - start.getTime() >= 24 * 3_600_000) return `${from}から`;
  return `${from}から ${japanTimeWords('ja', endIso)}まで`;
}

/** `2026年12月` of `2026-12`. */
export function paperMonth(month: string): string {
  const [year, number] = month.split('-');
  return `${year}年${Number(number)}月`;
}

/** The month before or after `YYYY-MM`. */
export function shiftMonth(month: string, by: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, number - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}
