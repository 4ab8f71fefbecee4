/**
 * Times of day in words, one rule for every page (issue 14): how older people read a clock.
 *
 * Japanese: 午前 / 午後 with hours 0–11 and 時・分 — 「午前8時」「午後1時30分」, midnight
 * 「午前0時」, and noon itself 「正午」 (never 「午後12:00」 or 「午前12:00」).
 * English: 12-hour with am / pm — "8:00 am", "1:30 pm", and "noon" / "midnight" for the two
 * hours that 12-hour clocks make ambiguous.
 */
import type { Locale } from '@sasaeai/contracts';

const japanHourMinute = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A wall-clock time (hour 0–23, minute 0–59) in words. */
export function clockWords(locale: Locale, hour: number, minute: number): string {
  const h = ((Math.trunc(hour) % 24) + 24) % 24;
  const m = Math.max(0, Math.min(59, Math.trunc(minute)));
  if (locale === 'ja') {
    if (h === 12 && m === 0) return '正午';
    const half = h < 12 ? '午前' : '午後';
    return `${half}${h % 12}時${m === 0 ? '' : `${m}分`}`;
  }
  if (m === 0 && h === 12) return 'noon';
  if (m === 0 && h === 0) return 'midnight';
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
}

/** `HH:MM` (24-hour, as forms and the API carry it) in words. */
export function clockWordsOf(locale: Locale, time: string): string {
  const [hour = '', minute = '0'] = time.split(':');
  return clockWords(locale, Number.parseInt(hour, 10), Number.parseInt(minute, 10));
}

/** The time of day in Japan of an instant, in words; an unreadable instant as it came. */
export function japanTimeWords(locale: Locale, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const part of japanHourMinute.formatToParts(date)) parts[part.type] = part.value;
  return clockWords(locale, Number(parts.hour), Number(parts.minute));
}
