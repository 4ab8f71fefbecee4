import { describe, expect, it } from 'vitest';
import {
  hoursOf,
  matchMinutes,
  peopleCounted,
  personMinutes,
  totalsByFiscalYear,
} from '../src/person-hours.ts';

const at = (iso: string) => new Date(iso);
const window = (start: string, end: string, minutesSpent: number | null = null) => ({
  windowStart: at(start),
  windowEnd: at(end),
  minutesSpent,
});
const individual = { kind: 'individual' as const, headcount: 1 };
const group = { kind: 'group' as const, headcount: 4 };

describe('person-hours', () => {
  it('counts the recorded minutes over the planned window', () => {
    expect(matchMinutes(window('2026-05-01T01:00:00Z', '2026-05-01T03:00:00Z', 45))).toBe(45);
    expect(matchMinutes(window('2026-05-01T01:00:00Z', '2026-05-01T03:00:00Z', 0))).toBe(0);
  });

  it('falls back to the planned window, capped at a day', () => {
    expect(matchMinutes(window('2026-05-01T01:00:00Z', '2026-05-01T02:30:00Z'))).toBe(90);
    expect(matchMinutes(window('2026-05-01T00:00:00Z', '2026-05-04T00:00:00Z'))).toBe(1440);
    expect(matchMinutes(window('2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z', 5000))).toBe(1440);
  });

  it('multiplies a group by its headcount and an individual by one', () => {
    const task = window('2026-05-01T01:00:00Z', '2026-05-01T02:00:00Z', 90);
    expect(personMinutes(task, individual)).toBe(90);
    expect(personMinutes(task, group)).toBe(360);
    // An individual never counts more than one, whatever the headcount says.
    expect(peopleCounted({ kind: 'individual', headcount: 7 })).toBe(1);
    expect(peopleCounted({ kind: 'group', headcount: 0 })).toBe(1);
  });

  it('shows hours with one decimal place', () => {
    expect(hoursOf(90)).toBe(1.5);
    expect(hoursOf(100)).toBe(1.7);
    expect(hoursOf(0)).toBe(0);
  });

  it('totals by fiscal year of the planned start in Japan time, newest first', () => {
    const rows = [
      // 2026-03-31 23:30 JST: still FY2025.
      window('2026-03-31T14:30:00Z', '2026-03-31T15:30:00Z', 60),
      // 2026-04-01 00:30 JST: FY2026.
      window('2026-03-31T15:30:00Z', '2026-03-31T16:30:00Z', 30),
      window('2026-06-01T00:00:00Z', '2026-06-01T02:00:00Z'),
    ];
    expect(totalsByFiscalYear(rows, group)).toEqual([
      { fiscalYear: 2026, totals: { activities: 2, minutes: 150, personMinutes: 600 } },
      { fiscalYear: 2025, totals: { activities: 1, minutes: 60, personMinutes: 240 } },
    ]);
    expect(totalsByFiscalYear([], individual)).toEqual([]);
  });
});
