import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, helpRequests, matches, users, volunteerProfiles } from '@sasaeai/db/schema';
import type { HelpCategory, MatchStatus, MatchesExportQuery } from '@sasaeai/contracts';
import type { CentreScope } from '../reports/report-scope.ts';
import { hoursOf } from '@sasaeai/core';
import { personMinutesSql } from '../reports/person-hours.ts';
import { cursorRows } from './cursor.ts';
import { categoryCell, JST_MINUTE, matchStatusCell } from './labels.ts';
import type { ExportSource } from './export-source.ts';

const HEADER = [
  'マッチID / Match id',
  '依頼ID / Request id',
  '地区 / District',
  '種類 / Category',
  '希望開始 / Window start',
  '担い手 / Volunteer',
  '人数 / Headcount',
  '状態 / Status',
  '完了日時 / Completed at',
  '活動時間（分） / Minutes',
  '延べ活動時間 / Person-hours',
];

const jstMidnight = (isoDate: string, plusDays = 0) =>
  new Date(Date.parse(`${isoDate}T00:00:00+09:00`) + plusDays * 86_400_000);

/** Every match on the scope's requests (by the request's window), oldest window first. */
export function matchesExport(
  db: Database,
  scope: CentreScope,
  query: MatchesExportQuery,
): ExportSource {
  const conditions: SQL[] = [];
  if (scope.districtIds !== null) {
    conditions.push(
      scope.districtIds.length === 0
        ? sql`false`
        : inArray(helpRequests.districtId, scope.districtIds),
    );
  }
  if (query.from) conditions.push(gte(helpRequests.windowStart, jstMidnight(query.from)));
  if (query.to) conditions.push(lt(helpRequests.windowStart, jstMidnight(query.to, 1)));
  const select = db
    .select({
      id: matches.id,
      requestId: helpRequests.id,
      district: districts.name,
      category: helpRequests.category,
      windowStart: sql<string>`to_char(${helpRequests.windowStart} at time zone 'Asia/Tokyo', ${JST_MINUTE})`,
      volunteer: sql<string>`coalesce(${volunteerProfiles.groupName}, ${users.displayName})`,
      headcount: sql<number>`coalesce(${volunteerProfiles.headcount}, 1)`,
      status: matches.status,
      completedAt: sql<
        string | null
      >`to_char(${matches.completedAt} at time zone 'Asia/Tokyo', ${JST_MINUTE})`,
      minutes: matches.minutesSpent,
      personMinutes: sql<
        number | null
      >`case when ${matches.status} = 'completed' then ${personMinutesSql({
        minutesSpent: matches.minutesSpent.getSQL(),
        windowStart: helpRequests.windowStart.getSQL(),
        windowEnd: helpRequests.windowEnd.getSQL(),
        kind: volunteerProfiles.kind.getSQL(),
        headcount: volunteerProfiles.headcount.getSQL(),
      })} end`,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .innerJoin(districts, eq(districts.id, helpRequests.districtId))
    .innerJoin(users, eq(users.id, matches.volunteerId))
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, matches.volunteerId))
    .where(and(...conditions))
    .orderBy(asc(helpRequests.windowStart), asc(matches.requestId), asc(matches.id));
  return {
    header: HEADER,
    rows: (async function* () {
      for await (const row of cursorRows(db, select)) {
        const [id, requestId, district, category, windowStart, volunteer, headcount, status] =
          row as [string, string, string, HelpCategory, string, string, number, MatchStatus];
        const completedAt = row[8] as string | null;
        const minutes = row[9] as number | null;
        const personMinutes = row[10] as number | string | null;
        yield [
          id,
          requestId,
          district,
          categoryCell(category),
          windowStart,
          volunteer,
          headcount,
          matchStatusCell(status),
          completedAt,
          minutes,
          personMinutes === null ? null : hoursOf(Number(personMinutes)),
        ];
      }
    })(),
  };
}
