import { fiscalYearBounds } from '../fiscal-year.ts';

export const targetKinds = ['number', 'increase', 'continue'] as const;
export type TargetKind = (typeof targetKinds)[number];

export const indicatorStatuses = [
  'ahead',
  'on_track',
  'behind',
  'reported',
  'not_reported',
  'no_data',
  'no_baseline',
] as const;
/**
 * - ahead / on_track / behind: a numeric target compared with the straight-line path (or, for
 *   `increase`, with the baseline: ahead = above it, behind = at or below it).
 * - reported / not_reported: a `continue` (継続) target — was the activity reported for the year?
 * - no_data: nothing measured yet; no_baseline: a numeric target without a baseline to draw from.
 */
export type IndicatorStatus = (typeof indicatorStatuses)[number];

export interface PathSpec {
  baseline: number | null;
  baselineFy: number | null;
  target: number;
  targetFy: number;
}

/**
 * The straight line from the baseline (at the baseline year) to the target (at the target
 * year), evaluated at `fiscalYear`; clamped to the baseline before it and the target after it.
 * Null when the plan gives no baseline (nothing honest to draw from).
 */
export function pathValue(spec: PathSpec, fiscalYear: number): number | null {
  const { baseline, baselineFy, target, targetFy } = spec;
  if (baseline === null || baselineFy === null) return null;
  if (fiscalYear <= baselineFy) return baseline;
  if (fiscalYear >= targetFy || targetFy <= baselineFy) return target;
  return baseline + ((target - baseline) * (fiscalYear - baselineFy)) / (targetFy - baselineFy);
}

/** The path for every fiscal year from the baseline year to the target year (inclusive). */
export function pathSeries(spec: PathSpec): { fiscalYear: number; value: number }[] {
  if (spec.baseline === null || spec.baselineFy === null) return [];
  const out: { fiscalYear: number; value: number }[] = [];
  for (let fy = spec.baselineFy; fy <= spec.targetFy; fy += 1) {
    out.push({ fiscalYear: fy, value: pathValue(spec, fy) as number });
  }
  return out;
}

export interface StatusInput {
  targetKind: TargetKind;
  baseline: number | null;
  baselineFy: number | null;
  target: number | null;
  targetFy: number;
  /** Latest numeric value and its fiscal year (null if none). */
  latest: { fiscalYear: number; value: number | null; text?: string | null } | null;
  /** The fiscal year being asked about, for `continue` (default: the latest's year). */
  fiscalYear?: number;
  /**
   * How close to the path counts as on track, as a share of the planned change from baseline
   * to target (default 5 %). A value within ±tolerance of the path is on track.
   */
  tolerance?: number;
}

export function indicatorStatus(input: StatusInput): IndicatorStatus {
  const { targetKind, latest } = input;
  if (targetKind === 'continue') {
    const year = input.fiscalYear ?? latest?.fiscalYear;
    return latest && year === latest.fiscalYear ? 'reported' : 'not_reported';
  }
  if (!latest || latest.value === null) return 'no_data';
  if (targetKind === 'increase') {
    // No number is set (↗): the only honest reading is "above the baseline or not".
    if (input.baseline === null) return 'no_baseline';
    return latest.value > input.baseline ? 'ahead' : 'behind';
  }
  if (input.target === null) return 'no_data';
  const expected = pathValue(
    {
      baseline: input.baseline,
      baselineFy: input.baselineFy,
      target: input.target,
      targetFy: input.targetFy,
    },
    latest.fiscalYear,
  );
  if (expected === null || input.baseline === null) return 'no_baseline';
  const span = Math.abs(input.target - input.baseline);
  const slack = (input.tolerance ?? 0.05) * (span === 0 ? Math.abs(input.target) || 1 : span);
  // Direction of travel: a falling target is "ahead" when the value is below the path.
  const sign = input.target >= input.baseline ? 1 : -1;
  const diff = (latest.value - expected) * sign;
  if (diff > slack) return 'ahead';
  if (diff < -slack) return 'behind';
  return 'on_track';
}

/** The last instant of a fiscal year, i.e. 31 March 23:59:59.999 JST. */
export function fiscalYearEndInstant(fiscalYear: number): Date {
  return new Date(fiscalYearBounds(fiscalYear).end.getTime() - 1);
}

/** The last day of a fiscal year as `YYYY-MM-DD` (31 March of the following calendar year). */
export function fiscalYearEndDate(fiscalYear: number): string {
  return `${String(fiscalYear + 1)}-03-31`;
}

/** The fiscal month index (0 = April … 11 = March) of a month number 1–12. */
export function fiscalMonthIndex(month: number): number {
  return (month + 8) % 12;
}

/** Percentile by linear interpolation between closest ranks (p in 0..1); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

export const median = (values: readonly number[]) => percentile(values, 0.5);

/** Gini coefficient of non-negative loads (0 = spread evenly, → 1 = all on one person). */
export function gini(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  if (total === 0) return 0;
  let weighted = 0;
  sorted.forEach((v, i) => {
    weighted += (i + 1) * v;
  });
  const n = sorted.length;
  return (2 * weighted) / (n * total) - (n + 1) / n;
}
