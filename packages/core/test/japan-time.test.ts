import { describe, expect, it } from 'vitest';
import {
  instantInJapan,
  japanWallClock,
  jstMonthOf,
  jstToday,
  startOfJapanDay,
} from '../src/japan-time.ts';

describe('Japan time', () => {
  it('turns to the next day, month and fiscal year at 15:00 UTC', () => {
    const lastMinute = new Date('2026-03-31T14:59:59.999Z');
    const firstMinute = new Date('2026-03-31T15:00:00.000Z');
    expect(jstToday(lastMinute)).toBe('2026-03-31');
    expect(jstToday(firstMinute)).toBe('2026-04-01');
    expect(jstMonthOf(lastMinute)).toBe('2026-03');
    expect(jstMonthOf(firstMinute)).toBe('2026-04');
    expect(japanWallClock(firstMinute).getUTCHours()).toBe(0);
  });

  it('gives the instant of a wall-clock time, letting days and minutes run over', () => {
    expect(instantInJapan(2026, 4).toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(instantInJapan(2026, 12, 31, 6 * 60).toISOString()).toBe('2026-12-30T21:00:00.000Z');
    expect(instantInJapan(2026, 13).toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(instantInJapan(2027, 2, 29).toISOString()).toBe(
      instantInJapan(2027, 3, 1).toISOString(),
    );
  });

  it('finds the start of the Japanese day of any instant', () => {
    expect(startOfJapanDay(new Date('2026-12-03T14:59:00Z')).toISOString()).toBe(
      '2026-12-02T15:00:00.000Z',
    );
    expect(startOfJapanDay(new Date('2026-12-03T15:00:00Z')).toISOString()).toBe(
      '2026-12-03T15:00:00.000Z',
    );
  });
});
