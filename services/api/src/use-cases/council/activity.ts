import type { Database } from '@sasaeai/db/client';
import { fiscalYearBounds, fiscalYearOf } from '@sasaeai/core';
import type { ActivityReport, ActivityRow, HelpCategory } from '@sasaeai/contracts';
import {
  countCentresOpenOn,
  countVolunteersAt,
} from '../../repositories/council/council-queries.ts';
import { activityRows } from './activity-query.ts';
import { labelFor } from './indicators.ts';

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

export interface ActivityScope {
  fiscalYear: number;
  district: string | null;
  category: HelpCategory | null;
  /** null = city-wide; otherwise the district ids the caller may see (already narrowed). */
  districtIds: string[] | null;
}

export async function activityReport(db: Database, scope: ActivityScope): Promise<ActivityReport> {
  const { start, end } = fiscalYearBounds(scope.fiscalYear);
  const rows = await activityRows(db, {
    start,
    end,
    districtIds: scope.districtIds,
    category: scope.category,
  });
  return {
    fiscalYear: labelFor(scope.fiscalYear),
    district: scope.district,
    category: scope.category,
    rows: rows.map((row): ActivityRow => ({
      district: row.district,
      districtName: row.district_name,
      month: row.month,
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
    })),
  };
}

/** CSV columns: the row key and a bilingual header (Japanese first, then English). */
export const ACTIVITY_COLUMNS: readonly { key: keyof ActivityRow; header: string }[] = [
  { key: 'district', header: '地区コード / District code' },
  { key: 'districtName', header: '地区名 / District' },
  { key: 'month', header: '月 / Month' },
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
  { key: 'reciprocalResidents', header: '担い手でもある利用者 / Residents who also volunteer' },
];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** UTF-8 with a BOM (so Excel reads the Japanese), CRLF line ends, a bilingual header row. */
export function activityCsv(report: ActivityReport): string {
  const lines = [ACTIVITY_COLUMNS.map((column) => csvCell(column.header)).join(',')];
  for (const row of report.rows) {
    lines.push(ACTIVITY_COLUMNS.map((column) => csvCell(row[column.key])).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Districts with fewer requests than this are not shown by name on the public page. */
export const PUBLIC_MIN_REQUESTS = 10;
export const CENTRES_TARGET = 11;

export async function publicSummary(db: Database, now = new Date()) {
  const fiscalYear = fiscalYearOf(now);
  const report = await activityReport(db, {
    fiscalYear,
    district: null,
    category: null,
    districtIds: null,
  });
  const byDistrict = new Map<string, { name: string; requests: number; completed: number }>();
  let requests = 0;
  let completed = 0;
  let hours = 0;
  for (const row of report.rows) {
    requests += row.requests;
    completed += row.completed;
    hours += row.hoursGiven;
    const entry = byDistrict.get(row.district) ?? {
      name: row.districtName,
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
  const today = new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
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
    note: {
      ja: `依頼が${String(PUBLIC_MIN_REQUESTS)}件未満の地区は、個人が特定されないよう地区別には表示していません（市全体の合計には含みます）。`,
      en: `Districts with fewer than ${String(PUBLIC_MIN_REQUESTS)} requests are not listed, so nobody can be identified (they are included in the city totals).`,
    },
  };
}
