import { describe, expect, it } from 'vitest';
import {
  fiscalMonthIndex,
  fiscalYearEndDate,
  fiscalYearEndInstant,
  fiscalYearLabel,
  fiscalYearOf,
  gini,
  indicatorStatus,
  median,
  pathSeries,
  pathValue,
  percentile,
  reiwaLabel,
} from '../src/index.ts';

const centres = { baseline: 0, baselineFy: 2022, target: 11, targetFy: 2029 };
const individuals = { baseline: 525, baselineFy: 2022, target: 700, targetFy: 2029 };

describe('straight-line path', () => {
  it('runs from the baseline year to the target year', () => {
    expect(pathValue(individuals, 2022)).toBe(525);
    expect(pathValue(individuals, 2029)).toBe(700);
    expect(pathValue(individuals, 2025)).toBeCloseTo(525 + (175 * 3) / 7);
    expect(pathValue(individuals, 2020)).toBe(525);
    expect(pathValue(individuals, 2031)).toBe(700);
    expect(pathSeries(centres)).toHaveLength(8);
  });
  it('has no path without a baseline', () => {
    expect(pathValue({ ...centres, baseline: null }, 2025)).toBeNull();
    expect(pathSeries({ ...centres, baselineFy: null })).toEqual([]);
  });
});

describe('indicatorStatus', () => {
  const number = { targetKind: 'number' as const, ...individuals };
  it('compares a number target with the path, within a tolerance', () => {
    const onPath = pathValue(individuals, 2025)!;
    expect(indicatorStatus({ ...number, latest: { fiscalYear: 2025, value: onPath } })).toBe(
      'on_track',
    );
    expect(indicatorStatus({ ...number, latest: { fiscalYear: 2025, value: onPath + 5 } })).toBe(
      'on_track',
    );
    expect(indicatorStatus({ ...number, latest: { fiscalYear: 2025, value: onPath + 20 } })).toBe(
      'ahead',
    );
    expect(indicatorStatus({ ...number, latest: { fiscalYear: 2025, value: 525 } })).toBe('behind');
    expect(indicatorStatus({ ...number, latest: null })).toBe('no_data');
    expect(
      indicatorStatus({ ...number, baseline: null, latest: { fiscalYear: 2025, value: 3 } }),
    ).toBe('no_baseline');
  });
  it('reads increase (↗) honestly: above the baseline or not', () => {
    const increase = { targetKind: 'increase' as const, baseline: 125, baselineFy: 2022 };
    const base = { ...increase, target: null, targetFy: 2029 };
    expect(indicatorStatus({ ...base, latest: { fiscalYear: 2024, value: 126 } })).toBe('ahead');
    expect(indicatorStatus({ ...base, latest: { fiscalYear: 2024, value: 125 } })).toBe('behind');
    expect(indicatorStatus({ ...base, latest: null })).toBe('no_data');
  });
  it('reads continue (継続) as reported for the year or not', () => {
    const base = {
      targetKind: 'continue' as const,
      baseline: null,
      baselineFy: 2022,
      target: null,
      targetFy: 2029,
    };
    const latest = { fiscalYear: 2025, value: null, text: '実施' };
    expect(indicatorStatus({ ...base, latest, fiscalYear: 2025 })).toBe('reported');
    expect(indicatorStatus({ ...base, latest, fiscalYear: 2026 })).toBe('not_reported');
    expect(indicatorStatus({ ...base, latest: null })).toBe('not_reported');
  });
});

describe('fiscal-year boundaries in Japan time', () => {
  it('31 March 23:59 JST is still the old year; 1 April 00:00 JST the new one', () => {
    expect(fiscalYearOf(new Date('2026-03-31T23:59:59+09:00'))).toBe(2025);
    expect(fiscalYearOf(new Date('2026-04-01T00:00:00+09:00'))).toBe(2026);
    // 1 April 00:30 JST is still 31 March in UTC.
    expect(fiscalYearOf(new Date('2026-03-31T15:30:00Z'))).toBe(2026);
  });
  it('ends each fiscal year on 31 March JST', () => {
    expect(fiscalYearEndInstant(2025).toISOString()).toBe('2026-03-31T14:59:59.999Z');
    expect(fiscalYearEndDate(2025)).toBe('2026-03-31');
    expect(fiscalYearOf(fiscalYearEndInstant(2025))).toBe(2025);
    expect(fiscalYearOf(new Date(fiscalYearEndInstant(2025).getTime() + 1))).toBe(2026);
  });
  it('labels fiscal years in 和暦 and western form', () => {
    expect(reiwaLabel(2019)).toBe('令和元年度');
    expect(reiwaLabel(2025)).toBe('令和7年度');
    expect(fiscalYearLabel(2029)).toEqual({ ja: '令和11年度（2029年度）', en: 'FY2029' });
    expect(reiwaLabel(2022)).toBe('令和4年度');
  });
  it('orders months April first', () => {
    expect(fiscalMonthIndex(4)).toBe(0);
    expect(fiscalMonthIndex(3)).toBe(11);
    expect(fiscalMonthIndex(1)).toBe(9);
  });
});

describe('distribution helpers', () => {
  it('computes median, p90 and Gini', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(gini([1, 1, 1, 1])).toBeCloseTo(0);
    expect(gini([0, 0, 0, 10])).toBeCloseTo(0.75);
  });
});
