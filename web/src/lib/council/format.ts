/**
 * The council dashboard's words and numbers (browser-safe, no I/O): fiscal-year labels
 * (令和7年度（2025年度） / FY2025), number formatting, indicator values shown honestly (↗ and
 * 継続 targets carry no invented number), the straight-line plan path, and the activity totals
 * (computed by the API, never summed here) filled out to every month, district or kind shown.
 */
import { formatDateTimeWithYear } from '../help.ts';
import { japanFiscalYear } from '../japan-time.ts';
import type {
  ActivityTotals as ActivityTotalsSchema,
  IndicatorView,
  Locale,
} from '@sasaeai/contracts';
import { t, type MessageKey } from '../i18n/index.ts';

/** 令和N年度 = FY(2018 + N); FY2019 is 令和元年度. Same rule as packages/core fiscal-year. */
export function fiscalYearName(fiscalYear: number, locale: Locale): string {
  if (locale === 'en') return `FY${String(fiscalYear)}`;
  const n = fiscalYear - 2018;
  if (n < 1) return `${String(fiscalYear)}年度`;
  return `令和${n === 1 ? '元' : String(n)}年度（${String(fiscalYear)}年度）`;
}

/** A short label for chart axes: 令和7 / 2025. */
export function fiscalYearShort(fiscalYear: number, locale: Locale): string {
  const n = fiscalYear - 2018;
  if (locale === 'en' || n < 1) return String(fiscalYear);
  return `令和${n === 1 ? '元' : String(n)}`;
}

/** The fiscal year (April–March, Japan time) an instant falls in. */
export function fiscalYearOfDate(instant: Date): number {
  return japanFiscalYear(instant);
}

/** The twelve `YYYY-MM` months of a fiscal year, April first. */
export function fiscalMonths(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1;
    const year = i < 9 ? fiscalYear : fiscalYear + 1;
    return `${String(year)}-${String(month).padStart(2, '0')}`;
  });
}

const monthNamesEn = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** `2025-04` → 2025年4月 / Apr 2025 (or 4月 / Apr when `short`). */
export function monthName(month: string, locale: Locale, short = false): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  if (locale === 'en') {
    const name = monthNamesEn[number - 1] ?? String(number);
    return short ? name : `${name} ${String(year)}`;
  }
  return short ? `${String(number)}月` : `${String(year)}年${String(number)}月`;
}

function numberFormat(locale: Locale, digits: number) {
  return new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    maximumFractionDigits: digits,
  });
}

export function formatNumber(value: number, locale: Locale, digits = 1): string {
  return numberFormat(locale, digits).format(value);
}

/** 0.756 → 75.6% */
export function formatShare(value: number | null, locale: Locale): string {
  if (value === null) return '—';
  return `${formatNumber(value * 100, locale, 1)}%`;
}

export function formatHours(value: number | null, locale: Locale): string {
  if (value === null) return '—';
  return t(locale, 'council.unit.hours', { n: formatNumber(value, locale, 1) });
}

/** The plan's units in English, plural and singular (件 counts cases, 回 times). */
const UNITS_EN: Readonly<Record<string, readonly [string, string]>> = {
  人: ['people', 'person'],
  件: ['cases', 'case'],
  回: ['times', 'time'],
  か所: ['places', 'place'],
  団体: ['groups', 'group'],
};

/** The unit as a chart's axis names it: 人 / people (a unit the plan did not use: as it is). */
export function unitName(unit: string | null, locale: Locale): string {
  if (!unit) return '';
  if (locale === 'ja' || unit === '%') return unit;
  return UNITS_EN[unit]?.[0] ?? unit;
}

/** A number with the indicator's unit: 525人 / 525 people, 20.4%. */
export function withUnit(value: number, unit: string | null, locale: Locale): string {
  const text = formatNumber(value, locale, 1);
  if (!unit) return text;
  if (unit === '%') return `${text}%`;
  if (locale === 'ja') return `${text}${unit}`;
  const english = UNITS_EN[unit];
  return `${text} ${english ? english[value === 1 ? 1 : 0] : unit}`;
}

/** Who carries an indicator out, as the plan says: 市, 市社協 or both (市・市社協). */
const OWNERS_EN: Readonly<Record<string, string>> = {
  市: 'City',
  市社協: 'Council of Social Welfare',
};

/** 市・市社協 → "City and Council of Social Welfare" on English pages. */
export function ownerName(owner: string, locale: Locale): string {
  if (locale === 'ja') return owner;
  const parts = owner.split('・').map((part) => OWNERS_EN[part]);
  if (parts.some((part) => part === undefined)) return owner;
  return parts.join(' and ');
}

/** The plan's words for a baseline or target with no number (実施 = carried out). */
const PLAN_WORDS_EN: Readonly<Record<string, string>> = {
  実施: 'Carried out',
  継続: 'Continued',
};

type Point = { value: number | null; text: string | null };

/** An indicator's value as printed: a number with its unit, or the plan's words (実施, 継続). */
export function pointText(point: Point | null, unit: string | null, locale: Locale): string {
  if (!point) return '—';
  if (point.value !== null) return withUnit(point.value, unit, locale);
  if (point.text) return locale === 'en' ? (PLAN_WORDS_EN[point.text] ?? point.text) : point.text;
  return '—';
}

/** The target as the plan states it: a number, ↗ (increase, no number) or 継続 (continue). */
export function targetText(indicator: IndicatorView, locale: Locale): string {
  if (indicator.targetKind === 'increase') return t(locale, 'council.target.increase');
  if (indicator.targetKind === 'continue') return t(locale, 'council.target.continue');
  return pointText(indicator.target, indicator.unit, locale);
}

export function baselineText(indicator: IndicatorView, locale: Locale): string {
  const { baseline } = indicator;
  if (baseline.value === null && !baseline.text) return t(locale, 'council.baseline.none');
  return pointText(baseline, indicator.unit, locale);
}

export type StatusCode = IndicatorView['status'];

/** A status badge's mark (decorative; the words carry the meaning) and its style. */
export const statusMarks: Record<StatusCode, { mark: string; tone: 'good' | 'bad' | 'plain' }> = {
  ahead: { mark: '▲', tone: 'good' },
  on_track: { mark: '●', tone: 'good' },
  behind: { mark: '▼', tone: 'bad' },
  reported: { mark: '✓', tone: 'good' },
  not_reported: { mark: '…', tone: 'plain' },
  no_data: { mark: '－', tone: 'plain' },
  no_baseline: { mark: '？', tone: 'plain' },
};

/**
 * The order summaries list statuses in: the contracts' `IndicatorStatusCode` order, taken from
 * `statusMarks` (whose `Record<StatusCode, …>` type keeps it complete) rather than listed again;
 * the web uses the contracts for types only, so their zod enum stays out of the browser.
 */
export const statusOrder = Object.keys(statusMarks) as readonly StatusCode[];

export function statusKey(status: StatusCode, targetKind: IndicatorView['targetKind']) {
  // For ↗ targets "ahead" means above the baseline, not ahead of a path nobody drew.
  if (targetKind === 'increase' && status === 'ahead') return 'council.status.increase_ahead';
  if (targetKind === 'increase' && status === 'behind') return 'council.status.increase_behind';
  return `council.status.${status}` satisfies MessageKey;
}

/** The straight line from baseline to target, clamped at both ends (as packages/core/kpi). */
export function pathAt(indicator: IndicatorView, fiscalYear: number): number | null {
  const baseline = indicator.baseline.value;
  const baselineFy = indicator.baseline.fiscalYear?.fiscalYear ?? null;
  const target = indicator.target.value;
  const targetFy = indicator.target.fiscalYear?.fiscalYear ?? null;
  if (indicator.targetKind !== 'number' || baseline === null || baselineFy === null) return null;
  if (target === null || targetFy === null) return null;
  if (fiscalYear <= baselineFy) return baseline;
  if (fiscalYear >= targetFy) return target;
  return baseline + ((target - baseline) * (fiscalYear - baselineFy)) / (targetFy - baselineFy);
}

/** Indicators grouped by the plan's four visions (基本目標), the outcome indicator first. */
export function groupByVision(indicators: readonly IndicatorView[]) {
  const groups = new Map<number, IndicatorView[]>();
  for (const indicator of indicators) {
    const list = groups.get(indicator.vision) ?? [];
    list.push(indicator);
    groups.set(indicator.vision, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([vision, list]) => ({
      vision,
      indicators: [...list].sort(
        (a, b) => Number(a.kind !== 'outcome') - Number(b.kind !== 'outcome'),
      ),
    }));
}

// ---------------------------------------------------------------------------------------------
// Activity

/**
 * The figures of a group of requests as the API computes them over the group itself: exact
 * medians and p90s, and each active volunteer and reciprocal resident counted once.
 */
export type ActivityTotals = ActivityTotalsSchema;

/** The figures of a group with no requests (a month, district or kind the API did not list). */
export const emptyTotals: ActivityTotals = {
  requests: 0,
  matched: 0,
  matchedShare: null,
  medianHoursToMatch: null,
  p90HoursToMatch: null,
  completed: 0,
  cancelled: 0,
  unmatched: 0,
  activeVolunteers: 0,
  hoursGiven: 0,
  thanks: 0,
  concerns: 0,
  reciprocalResidents: 0,
};

/** One entry per wanted key, in the wanted order: the API's figures, or zeros where it has none. */
export function fillTotals<K extends string, T extends ActivityTotals>(
  wanted: readonly K[],
  listed: readonly T[],
  keyOf: (entry: T) => string,
): { key: K; totals: ActivityTotals }[] {
  const byKey = new Map(listed.map((entry) => [keyOf(entry), entry]));
  return wanted.map((key) => ({ key, totals: byKey.get(key) ?? emptyTotals }));
}

/** 2026年4月12日 午前10時5分 / 12 April 2026, 10:05 am (Japan time, the pages' clock rule). */
export function formatDateTimeJst(iso: string, locale: Locale): string {
  return formatDateTimeWithYear(locale, iso);
}

/** A YYYY-MM-DD date as 2026年4月1日 / 1 April 2026. */
export function formatIsoDate(date: string | null, locale: Locale): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** The fiscal years a value may be entered for: the baseline year (or 7 before the target) to now. */
export function entryYears(indicator: IndicatorView, currentFy: number): number[] {
  const from = Math.min(
    indicator.baseline.fiscalYear?.fiscalYear ??
      (indicator.target.fiscalYear?.fiscalYear ?? currentFy) - 7,
    currentFy,
  );
  const years: number[] = [];
  for (let fy = currentFy; fy >= from; fy -= 1) years.push(fy);
  return years;
}

/** Does this indicator take a number (else words such as 実施 for 継続 targets)? */
export function takesNumber(indicator: IndicatorView): boolean {
  return !(indicator.targetKind === 'continue' && indicator.unit === null);
}
