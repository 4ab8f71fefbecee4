import { describe, expect, it } from 'vitest';
import {
  coverGapOn,
  enrolmentDateRange,
  fiscalYearOfDate,
  insuranceCoversUntil,
  renewalDueFor,
} from '../src/insurance.ts';

describe('volunteer insurance dates', () => {
  it('belongs to the fiscal year April–March and covers to 31 March', () => {
    expect(fiscalYearOfDate('2026-04-01')).toBe(2026);
    expect(fiscalYearOfDate('2027-03-31')).toBe(2026);
    expect(insuranceCoversUntil(2026)).toBe('2027-03-31');
    expect(enrolmentDateRange(2027)).toEqual({ from: '2027-03-01', to: '2028-03-31' });
  });

  it('says why someone is not covered today', () => {
    expect(coverGapOn(null, '2026-12-04')).toEqual({ reason: 'none', expiredOn: null });
    expect(coverGapOn('2026-03-31', '2026-12-04')).toEqual({
      reason: 'expired',
      expiredOn: '2026-03-31',
    });
    expect(coverGapOn('2026-12-04', '2026-12-04')).toBeNull();
  });

  it.each([
    ['cover ending in 30 days', '2027-03-31', '2027-03-01', 2027],
    ['cover ending in 31 days', '2027-03-31', '2027-02-28', null],
    ['none, a day before the reminder', null, '2026-10-31', null],
    ['none, 30 days before the season', null, '2026-11-01', 2026],
    ['expired, in the season (February)', '2026-03-31', '2027-02-10', 2026],
    ['none, after the season', null, '2026-04-15', null],
  ])('%s → %s', (_name, coveredUntil, today, expected) => {
    expect(renewalDueFor(coveredUntil, today, 30)).toBe(expected);
  });
});
