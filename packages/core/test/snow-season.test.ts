import { describe, expect, it } from 'vitest';
import {
  addDays,
  clearingWindow,
  clockOfMinutes,
  minutesOfClock,
  seasonBounds,
  seasonOf,
  seasonOfRange,
  seasonToRegisterFor,
} from '../src/snow/season.ts';
import { jstToday } from '../src/japan-time.ts';

describe('snow season', () => {
  it('names a season by the year its December falls in', () => {
    expect(seasonOf('2026-12-01')).toBe(2026);
    expect(seasonOf('2027-03-31')).toBe(2026);
    expect(seasonOf('2027-04-01')).toBeNull();
    expect(seasonOf('2026-11-30')).toBeNull();
    expect(seasonBounds(2026)).toEqual({
      seasonYear: 2026,
      from: '2026-12-01',
      until: '2027-03-31',
    });
  });

  it('registers for the current season in winter and the coming one otherwise', () => {
    expect(seasonToRegisterFor('2027-02-10')).toBe(2026);
    expect(seasonToRegisterFor('2026-08-10')).toBe(2026);
    expect(seasonToRegisterFor('2026-12-02')).toBe(2026);
  });

  it('accepts a range only inside one season', () => {
    expect(seasonOfRange('2026-12-15', '2027-02-28')).toBe(2026);
    expect(seasonOfRange('2026-11-15', '2027-02-28')).toBeNull();
    expect(seasonOfRange('2026-12-15', '2027-04-02')).toBeNull();
    expect(seasonOfRange('2027-02-01', '2027-01-01')).toBeNull();
    expect(seasonOfRange('2026-12-15', '2027-12-20')).toBeNull();
  });

  it('reads clocks and Japan dates', () => {
    expect(minutesOfClock('07:30')).toBe(450);
    expect(clockOfMinutes(450)).toBe('07:30');
    expect(jstToday(new Date('2026-12-01T15:30:00Z'))).toBe('2026-12-02');
  });
});

describe('clearing window', () => {
  const at = (iso: string) => new Date(iso);
  it('is the observed morning while it lasts, then the next morning, then none', () => {
    expect(clearingWindow('2026-12-02', 420, 600, at('2026-12-01T23:30:00Z'))).toEqual({
      start: at('2026-12-01T22:00:00Z'),
      end: at('2026-12-02T01:00:00Z'),
    });
    expect(clearingWindow('2026-12-02', 420, 600, at('2026-12-02T14:00:00Z'))).toEqual({
      start: at('2026-12-02T22:00:00Z'),
      end: at('2026-12-03T01:00:00Z'),
    });
    expect(clearingWindow('2026-12-02', 420, 600, at('2026-12-03T01:00:00Z'))).toBeNull();
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });
});
