import { LRUCache } from 'lru-cache';
import type { Database } from '@sasaeai/db/client';
import { fiscalYearBounds, fiscalYearOf, jstToday } from '@sasaeai/core';
import type { ActivityReport, ActivityRow, HelpCategory } from '@sasaeai/contracts';
import {
  countCentresOpenOn,
  countVolunteersAt,
  type ActivityDbRow,
  type ActivityFilter,
} from '../../repositories/council/council-queries.ts';
import {
  ActivityGrouping,
  activityFactsVersion,
  activitySummaryRows,
  activitySummaryRowsSideBySide,
  refreshActivityFacts,
  type ActivitySummaryDbRow,
} from '../../repositories/council/activity-query.ts';
import { csvText } from '../exports/csv.ts';
import { labelFor } from './indicators.ts';

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

export interface ActivityScope {
  fiscalYear: number;
  district: string | null;
  category: HelpCategory | null;
  /** null = city-wide; otherwise the district ids the caller may see (already narrowed). */
  districtIds: string[] | null;
}

type Figures = Omit<ActivityRow, 'district' | 'districtName' | 'districtNameEn' | 'month'>;

export function figuresOf(row: ActivityDbRow): Figures {
  return {
    requests: row.requests,
    matched: row.matched,
    matchedShare: row.requests === 0 ? null : round(row.matched / row.requests, 4),
    medianHoursToMatch: row.median_hours === null ? null : round(Number(row.median_hours)),
    p90HoursToMatch: row.p90_hours === null ? null : round(Number(row.p90_hours)),
    completed: row.completed,
    cancelled: row.cancelled,
    unmatched: row.unmatched,
    activeVolunteers: row.active_volunteers,
    hoursGiven: round(row.minutes_given / 60),
    thanks: row.thanks,
    concerns: row.concerns,
    reciprocalResidents: row.reciprocal_residents,
  };
}

const EMPTY: Figures = figuresOf({
  district: '',
  district_name: '',
  district_name_en: '',
  month: '',
  requests: 0,
  matched: 0,
  median_hours: null,
  p90_hours: null,
  completed: 0,
  cancelled: 0,
  unmatched: 0,
  active_volunteers: 0,
  minutes_given: 0,
  thanks: 0,
  concerns: 0,
  reciprocal_residents: 0,
});

/**
 * Summaries computed since the facts last changed, per database and selection: the facts only
 * change when `refreshActivityFacts` applies queued changes (which moves the state's
 * `refreshed_at`), so a summary computed at the same `refreshed_at` is exactly what the query
 * would return again. Bounded; the oldest entry goes first.
 */
interface Summary {
  version: string;
  asOf: Date;
  rows: ActivitySummaryDbRow[];
}
const summaries = new WeakMap<Database, LRUCache<string, Summary>>();
const SUMMARY_CACHE_SIZE = 64;
/** Recomputations under way behind a stale answer, one per database and selection. */
const revalidating = new WeakMap<Database, Map<string, Promise<unknown>>>();

function summariesOf(db: Database): LRUCache<string, Summary> {
  let cache = summaries.get(db);
  if (!cache) summaries.set(db, (cache = new LRUCache({ max: SUMMARY_CACHE_SIZE })));
  return cache;
}

function revalidatingOf(db: Database): Map<string, Promise<unknown>> {
  let running = revalidating.get(db);
  if (!running) revalidating.set(db, (running = new Map()));
  return running;
}

async function freshSummary(db: Database, filter: ActivityFilter, key: string): Promise<Summary> {
  const asOf = await refreshActivityFacts(db);
  const version = await activityFactsVersion(db);
  const cache = summariesOf(db);
  const cached = cache.get(key);
  if (cached && version !== null && cached.version === version) {
    // Still exactly the answer: it now holds as of this apply.
    cached.asOf = asOf;
    return cached;
  }
  let rows = await activitySummaryRowsSideBySide(db, filter);
  // Its three statements saw three snapshots: if an apply came in between (the version moved),
  // ask again in one statement so the figures are consistent with one another.
  if ((await activityFactsVersion(db)) !== version) rows = await activitySummaryRows(db, filter);
  const summary = { version: version ?? '', asOf, rows };
  if (version !== null) cache.set(key, summary);
  return summary;
}

/**
 * With `maxStaleMs` > 0, a summary computed less than that long ago is the answer at once, with
 * its own `asOf`, and is brought up to date behind the scenes for the next reader: at city scale
 * a recomputation after a change takes about 0.2 s, which a page should not wait for when
 * figures a minute old, labelled as such, serve the same purpose.
 */
export async function summaryRows(
  db: Database,
  filter: ActivityFilter,
  maxStaleMs: number,
): Promise<{ asOf: Date; rows: ActivitySummaryDbRow[] }> {
  const key = JSON.stringify(filter);
  const cached = summariesOf(db).get(key);
  if (maxStaleMs > 0 && cached && Date.now() - cached.asOf.getTime() <= maxStaleMs) {
    const running = revalidatingOf(db);
    if (!running.has(key)) {
      const refresh = freshSummary(db, filter, key)
        // Not swallowed: the failed selection's stale answer is dropped, so the next reader
        // computes afresh and hears the error instead of old figures.
        .catch(() => summariesOf(db).delete(key))
        .finally(() => running.delete(key));
      running.set(key, refresh);
    }
    return cached;
  }
  return freshSummary(db, filter, key);
}

/**
 * The activity report, answered from the per-request facts (migration 0005). A fresh answer
 * brings them up to date first and includes every change committed before `asOf`; with
 * `maxStaleMs` a cached answer up to that old may come instead (see `summaryRows`), its `asOf`
 * saying so.
 */
export async function activityReport(
  db: Database,
  scope: ActivityScope,
  { maxStaleMs = 0 }: { maxStaleMs?: number } = {},
): Promise<ActivityReport> {
  const { start, end } = fiscalYearBounds(scope.fiscalYear);
  const { asOf, rows } = await summaryRows(
    db,
    { start, end, districtIds: scope.districtIds, category: scope.category },
    maxStaleMs,
  );
  const of = (grouping: number) => rows.filter((row) => row.grouping === grouping);
  return {
    fiscalYear: labelFor(scope.fiscalYear),
    district: scope.district,
    category: scope.category,
    asOf: asOf.toISOString(),
    rows: of(ActivityGrouping.districtMonth).map((row): ActivityRow => ({
      district: row.district,
      districtName: row.district_name,
      districtNameEn: row.district_name_en,
      month: row.month,
      ...figuresOf(row),
    })),
    totals: {
      all: of(ActivityGrouping.all).map(figuresOf)[0] ?? EMPTY,
      byCategory: of(ActivityGrouping.category).map((row) => ({
        category: row.category as HelpCategory,
        ...figuresOf(row),
      })),
      byMonth: of(ActivityGrouping.month).map((row) => ({ month: row.month, ...figuresOf(row) })),
      byDistrict: of(ActivityGrouping.district).map((row) => ({
        district: row.district,
        districtName: row.district_name,
        districtNameEn: row.district_name_en,
        ...figuresOf(row),
      })),
    },
  };
}

type CsvRow = ActivityRow & { category: string };

/** CSV columns: the row key and a bilingual header (Japanese first, then English). */
export const ACTIVITY_COLUMNS: readonly { key: keyof CsvRow; header: string }[] = [
  { key: 'district', header: '地区コード / District code' },
  { key: 'districtName', header: '地区名 / District' },
  { key: 'districtNameEn', header: '地区名（英語） / District (English)' },
  { key: 'month', header: '月 / Month' },
  { key: 'category', header: '種類 / Category' },
  { key: 'requests', header: '依頼数 / Requests' },
  { key: 'matched', header: 'マッチ数 / Matched' },
  { key: 'matchedShare', header: 'マッチ率 / Matched share' },
  { key: 'medianHoursToMatch', header: 'マッチまで中央値(時間) / Median hours to match' },
  { key: 'p90HoursToMatch', header: 'マッチまで90%値(時間) / P90 hours to match' },
  { key: 'completed', header: '完了 / Completed' },
  { key: 'cancelled', header: '取消 / Cancelled' },
  { key: 'unmatched', header: '未マッチ / Unmatched' },
  { key: 'activeVolunteers', header: '活動した担い手 / Active volunteers' },
  { key: 'hoursGiven', header: '活動時間 / Hours given' },
  { key: 'thanks', header: 'お礼 / Thanks' },
  { key: 'concerns', header: '気がかり / Concerns' },
  {
    key: 'reciprocalResidents',
    header: '助けを受けて自分も手伝った人 / Residents helped who have also helped others',
  },
];

/**
 * UTF-8 with a BOM (so Excel reads the Japanese), CRLF line ends, a bilingual header row;
 * written by csv-stringify, formula-like cells neutralised as in every export.
 */
export function activityCsv(report: ActivityReport): string {
  // The category the rows cover: the filter, or every category (`all`) when unfiltered.
  const category = report.category ?? 'all';
  const records = report.rows.map((row) => {
    const cells: CsvRow = { ...row, category };
    return ACTIVITY_COLUMNS.map((column) => cells[column.key] ?? null);
  });
  return csvText(
    ACTIVITY_COLUMNS.map((column) => column.header),
    records,
  );
}

/** Districts with fewer requests than this are not shown by name on the public page. */
export const PUBLIC_MIN_REQUESTS = 10;
export const CENTRES_TARGET = 11;

export async function publicSummary(
  db: Database,
  now = new Date(),
  options: { maxStaleMs?: number } = {},
) {
  const fiscalYear = fiscalYearOf(now);
  const report = await activityReport(
    db,
    { fiscalYear, district: null, category: null, districtIds: null },
    options,
  );
  const byDistrict = new Map<
    string,
    { name: string; nameEn: string; requests: number; completed: number }
  >();
  let requests = 0;
  let completed = 0;
  let hours = 0;
  for (const row of report.rows) {
    requests += row.requests;
    completed += row.completed;
    hours += row.hoursGiven;
    const entry = byDistrict.get(row.district) ?? {
      name: row.districtName,
      nameEn: row.districtNameEn,
      requests: 0,
      completed: 0,
    };
    entry.requests += row.requests;
    entry.completed += row.completed;
    byDistrict.set(row.district, entry);
  }
  const shown = [...byDistrict.entries()]
    .filter(([, entry]) => entry.requests >= PUBLIC_MIN_REQUESTS)
    .map(([district, entry]) => ({ district, ...entry }));
  const today = jstToday(now);
  return {
    fiscalYear: labelFor(fiscalYear),
    centresOpen: await countCentresOpenOn(db, today),
    centresTarget: CENTRES_TARGET,
    volunteers: await countVolunteersAt(db, now),
    requests,
    completed,
    hoursGiven: round(hours),
    districts: shown,
    suppressedDistricts: byDistrict.size - shown.length,
    asOf: report.asOf,
    note: {
      ja: `依頼が${String(PUBLIC_MIN_REQUESTS)}件未満の地区は、個人が特定されないよう地区別には表示していません（市全体の合計には含みます）。`,
      en: `Districts with fewer than ${String(PUBLIC_MIN_REQUESTS)} requests are not listed, so nobody can be identified (they are included in the city totals).`,
    },
  };
}
