import { describe, expect, it } from 'vitest';
import { fiscalYearBounds, fiscalYearLabel, fiscalYearOf, reiwaLabel } from '../src/fiscal-year.ts';

describe('fiscal year', () => {
  it('turns over at midnight on 1 April, Japan time', () => {
    // 2026-03-31 23:59 JST is 14:59 UTC; one minute later it is FY2026.
    expect(fiscalYearOf(new Date('2026-03-31T14:59:59Z'))).toBe(2025);
    expect(fiscalYearOf(new Date('2026-03-31T15:00:00Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2026-12-31T00:00:00Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2027-01-15T00:00:00Z'))).toBe(2026);
  });

  it('gives JST bounds as UTC instants', () => {
    const { start, end } = fiscalYearBounds(2025);
    expect(start.toISOString()).toBe('2025-03-31T15:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-31T15:00:00.000Z');
  });

  it('names fiscal years in the Reiwa era', () => {
    expect(reiwaLabel(2019)).toBe('令和元年度');
    expect(reiwaLabel(2025)).toBe('令和7年度');
    expect(reiwaLabel(2029)).toBe('令和11年度');
    expect(fiscalYearLabel(2025)).toEqual({ ja: '令和7年度（2025年度）', en: 'FY2025' });
    expect(() => reiwaLabel(2018)).toThrow(RangeError);
  });
});
