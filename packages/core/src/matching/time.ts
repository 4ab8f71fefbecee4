/**
 * Asia/Tokyo calendar maths for matching. Japan has no daylight saving, so Japan time is UTC+9
 * all year and every Japanese day is exactly 1,440 minutes.
 */

import { JST_OFFSET_MS } from '../japan-time.ts';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1_440;
const JST_OFFSET_MINUTES = JST_OFFSET_MS / MINUTE_MS;

/** Minutes since 1970-01-01 00:00 Japan time. */
export function jstMinutes(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return Math.floor(ms / MINUTE_MS) + JST_OFFSET_MINUTES;
}

/** Day number (days since 1970-01-01 in Japan) of a JST minute count. */
function dayOf(jstMinute: number): number {
  return Math.floor(jstMinute / DAY_MINUTES);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isoDateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The Japanese calendar date of an instant, `YYYY-MM-DD`. */
export function jstDateOf(instant: Date | number): string {
  return isoDateOfDay(dayOf(jstMinutes(instant)));
}

/** Weekday (0 = Sunday) in Japan. */
export function jstWeekdayOf(instant: Date | number): number {
  return weekdayOfDay(dayOf(jstMinutes(instant)));
}

/** The week an instant falls in, named by its Monday in Japan (`YYYY-MM-DD`). */
export function weekKeyOf(instant: Date | number): string {
  const day = dayOf(jstMinutes(instant));
  const sinceMonday = (weekdayOfDay(day) + 6) % 7;
  return isoDateOfDay(day - sinceMonday);
}

/** Japan-time start (as a Date) of the week containing `instant`. */
export function weekStartOf(instant: Date | number): Date {
  const day = dayOf(jstMinutes(instant));
  const sinceMonday = (weekdayOfDay(day) + 6) % 7;
  return new Date(((day - sinceMonday) * DAY_MINUTES - JST_OFFSET_MINUTES) * MINUTE_MS);
}

/** A weekly slot as minutes from the start of the week's Sunday. */
interface WeekRange {
  start: number;
  end: number;
}

export interface WindowOverlap {
  /** Longest contiguous stretch of the window covered by availability, in minutes. */
  longest: number;
  /** All covered minutes. */
  total: number;
}

type Slots = readonly { weekday: number; startMinute: number; endMinute: number }[];
const bucketCache = new WeakMap<Slots, WeekRange[][]>();

/** Slots per weekday, merged and sorted; cached per slots array (candidates are reused). */
function bucketsFor(slots: Slots): WeekRange[][] {
  const cached = bucketCache.get(slots);
  if (cached) return cached;
  const buckets: WeekRange[][] = [[], [], [], [], [], [], []];
  for (const slot of normaliseAvailability(slots)) {
    buckets[slot.weekday]?.push({ start: slot.startMinute, end: slot.endMinute });
  }
  bucketCache.set(slots, buckets);
  return buckets;
}

/** Longest windows examined day by day; beyond two weeks the weekly pattern only repeats. */
const MAX_WINDOW_DAYS = 14;

/**
 * How much of [start, end) the weekly slots cover, in Japan time. Overlapping slots are merged,
 * and a stretch that runs on across midnight into the next day's slot counts as one.
 */
export function availabilityOverlap(
  slots: Slots,
  start: Date | number,
  end: Date | number,
): WindowOverlap {
  const from = jstMinutes(start);
  const to = Math.min(jstMinutes(end), from + MAX_WINDOW_DAYS * DAY_MINUTES);
  if (to <= from || slots.length === 0) return { longest: 0, total: 0 };
  const byWeekday = bucketsFor(slots);
  let longest = 0;
  let total = 0;
  let runEnd = -1;
  let runLength = 0;
  for (let day = dayOf(from); day * DAY_MINUTES < to; day++) {
    const dayStart = day * DAY_MINUTES;
    const ranges = byWeekday[weekdayOfDay(day)] ?? [];
    for (const range of ranges) {
      const a = Math.max(from, dayStart + range.start);
      const b = Math.min(to, dayStart + range.end);
      if (b <= a) continue;
      total += b - a;
      runLength = a === runEnd ? runLength + (b - a) : b - a;
      runEnd = b;
      if (runLength > longest) longest = runLength;
    }
  }
  return { longest, total };
}

/** Sorts slots and merges overlapping or touching ones per weekday. */
export function normaliseAvailability<
  T extends { weekday: number; startMinute: number; endMinute: number },
>(slots: readonly T[]): { weekday: number; startMinute: number; endMinute: number }[] {
  const sorted = [...slots]
    .filter((s) => s.weekday >= 0 && s.weekday <= 6 && s.startMinute < s.endMinute)
    .sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  const merged: { weekday: number; startMinute: number; endMinute: number }[] = [];
  for (const slot of sorted) {
    const last = merged.at(-1);
    if (last && last.weekday === slot.weekday && slot.startMinute <= last.endMinute) {
      last.endMinute = Math.max(last.endMinute, slot.endMinute);
    } else {
      merged.push({
        weekday: slot.weekday,
        startMinute: slot.startMinute,
        endMinute: slot.endMinute,
      });
    }
  }
  return merged;
}
