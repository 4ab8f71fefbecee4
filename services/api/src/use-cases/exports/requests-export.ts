import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, helpRequests, residentProfiles } from '@sasaeai/db/schema';
import type { HelpCategory, RequestStatus, RequestsExportQuery } from '@sasaeai/contracts';
import { residentMatches } from '../desk/resident-search.ts';
import type { RegisterScope } from '../residents/register-scope.ts';
import type { CentreScope } from '../reports/report-scope.ts';
import { cursorRows } from './cursor.ts';
import { categoryCell, JST_MINUTE, requestStatusCell } from './labels.ts';
import type { ExportSource } from './export-source.ts';

const HEADER = [
  '依頼ID / Request id',
  '地区 / District',
  '種類 / Category',
  '状態 / Status',
  '緊急度 / Urgency',
  '希望開始 / Window start',
  '希望終了 / Window end',
  '受付日時 / Received at',
  '必要人数 / People needed',
  '引き受けた人数 / Helpers placed',
  '依頼者 / Resident',
  'ふりがな / Kana',
];

const jstMidnight = (isoDate: string, plusDays = 0) =>
  new Date(Date.parse(`${isoDate}T00:00:00+09:00`) + plusDays * 86_400_000);

const jst = (column: SQL | typeof helpRequests.createdAt) =>
  sql<string>`to_char(${column} at time zone 'Asia/Tokyo', ${JST_MINUTE})`;

/**
 * Every request of the scope matching the desk's filters, oldest first. The resident's name is
 * given only when the resident is registered in one of the caller's own districts (`personal`).
 */
export function requestsExport(
  db: Database,
  scope: CentreScope,
  personal: RegisterScope,
  query: RequestsExportQuery,
): ExportSource {
  const conditions: SQL[] = [];
  if (scope.districtIds !== null) {
    conditions.push(
      scope.districtIds.length === 0
        ? sql`false`
        : inArray(helpRequests.districtId, scope.districtIds),
    );
  }
  if (query.status) conditions.push(eq(helpRequests.status, query.status));
  if (query.category) conditions.push(eq(helpRequests.category, query.category));
  if (query.from) conditions.push(gte(helpRequests.windowStart, jstMidnight(query.from)));
  if (query.to) conditions.push(lt(helpRequests.windowStart, jstMidnight(query.to, 1)));
  if (query.q) conditions.push(residentMatches(query.q));
  const mine =
    personal.kind === 'all'
      ? sql`true`
      : personal.ids.length === 0
        ? sql`false`
        : inArray(residentProfiles.districtId, personal.ids);
  const select = db
    .select({
      id: helpRequests.id,
      district: districts.name,
      category: helpRequests.category,
      status: helpRequests.status,
      urgency: helpRequests.urgency,
      windowStart: jst(sql`${helpRequests.windowStart}`),
      windowEnd: jst(sql`${helpRequests.windowEnd}`),
      createdAt: jst(sql`${helpRequests.createdAt}`),
      peopleNeeded: helpRequests.peopleNeeded,
      placed: sql<number>`(select count(*)::int from matches m where m.request_id = ${helpRequests.id}
        and m.status in ('approved', 'offered', 'accepted', 'completed'))`,
      fullName: sql<string | null>`case when ${mine} then ${residentProfiles.fullName} end`,
      kana: sql<string | null>`case when ${mine} then ${residentProfiles.fullNameKana} end`,
    })
    .from(helpRequests)
    .innerJoin(districts, eq(districts.id, helpRequests.districtId))
    .leftJoin(residentProfiles, eq(residentProfiles.userId, helpRequests.residentId))
    .where(and(...conditions))
    .orderBy(asc(helpRequests.createdAt), asc(helpRequests.id));
  return {
    header: HEADER,
    rows: (async function* () {
      for await (const row of cursorRows(db, select)) {
        const [id, district, category, status, ...rest] = row as [
          string,
          string,
          HelpCategory,
          RequestStatus,
          ...(string | number | null)[],
        ];
        yield [id, district, categoryCell(category), requestStatusCell(status), ...rest];
      }
    })(),
  };
}
