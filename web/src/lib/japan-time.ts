/**
 * Japan time for the pages, in one place, through the platform's time-zone data (Intl with
 * `Asia/Tokyo`) rather than a hand-written offset. The server side uses `@sasaeai/core`'s
 * japan-time module; the web imports only types from the workspace packages.
 */
const japanParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface JapanWallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function wallClockOf(at: Date): JapanWallClock {
  const parts: Record<string, string> = {};
  for (const part of japanParts.formatToParts(at)) parts[part.type] = part.value;
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

/** The day in Japan, `YYYY-MM-DD`. */
export function japanDate(at: Date = new Date()): string {
  const { year, month, day } = wallClockOf(at);
  return `${year}-${month}-${day}`;
}

/** The month in Japan, `YYYY-MM`. */
export function japanMonth(at: Date = new Date()): string {
  const { year, month } = wallClockOf(at);
  return `${year}-${month}`;
}

/** The time of day in Japan, `HH:MM` (24-hour). */
export function japanClock(at: Date): string {
  const { hour, minute } = wallClockOf(at);
  return `${hour}:${minute}`;
}

/** The fiscal year (April–March, Japan time) an instant falls in. */
export function japanFiscalYear(at: Date): number {
  const { year, month } = wallClockOf(at);
  return Number(month) >= 4 ? Number(year) : Number(year) - 1;
}
