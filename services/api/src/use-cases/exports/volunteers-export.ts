import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { users, volunteerProfiles } from '@sasaeai/db/schema';
import type { CentreScope } from '../reports/report-scope.ts';
import { personMinutesSql } from '../reports/person-hours.ts';
import { cursorRows } from './cursor.ts';
import type { ExportSource } from './export-source.ts';

const HEADER = [
  '担い手ID / Volunteer id',
  '名前 / Name',
  '区分 / Kind',
  '団体名 / Group name',
  '人数 / Headcount',
  '確認状況 / Verification',
  '信頼済み / Trusted',
  '活動地区 / Districts',
  '得意なこと / Skills',
  '保険期限 / Insurance until',
  '登録日 / Registered on',
  '完了した活動 / Completed activities',
  '延べ活動時間 / Person-hours',
];

const KIND: Record<string, string> = { individual: '個人 / individual', group: '団体 / group' };
const VERIFICATION: Record<string, string> = {
  pending: '確認待ち / pending',
  active: '活動中 / active',
  suspended: '停止中 / suspended',
};

/** The volunteers serving the scope's districts (admins: every volunteer), by name. */
export function volunteersExport(db: Database, scope: CentreScope): ExportSource {
  const ids = scope.districtIds;
  const serves: SQL =
    ids === null
      ? sql`true`
      : ids.length === 0
        ? sql`false`
        : sql`exists (select 1 from volunteer_districts vd where vd.volunteer_id = ${volunteerProfiles.userId}
            and vd.district_id in (${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )}))`;
  const select = db
    .select({
      id: users.id,
      name: users.displayName,
      kind: volunteerProfiles.kind,
      groupName: volunteerProfiles.groupName,
      headcount: volunteerProfiles.headcount,
      verification: volunteerProfiles.verification,
      trusted: volunteerProfiles.trusted,
      districts: sql<string>`(select string_agg(d.code, ' ' order by d.code)
        from volunteer_districts vd join districts d on d.id = vd.district_id
        where vd.volunteer_id = ${users.id})`,
      skills: sql<string>`array_to_string(${volunteerProfiles.skills}, ' ')`,
      insurance: sql<string | null>`${volunteerProfiles.insuranceExpiresOn}::text`,
      registered: sql<string>`to_char(${volunteerProfiles.createdAt} at time zone 'Asia/Tokyo', 'YYYY-MM-DD')`,
      completed: sql<number>`(select count(*)::int from matches m
        where m.volunteer_id = ${users.id} and m.status = 'completed')`,
      personMinutes: sql<number>`(select coalesce(sum(${personMinutesSql({
        minutesSpent: sql`m.minutes_spent`,
        windowStart: sql`r.window_start`,
        windowEnd: sql`r.window_end`,
        kind: volunteerProfiles.kind.getSQL(),
        headcount: volunteerProfiles.headcount.getSQL(),
      })}), 0)::int
        from matches m join help_requests r on r.id = m.request_id
        where m.volunteer_id = ${users.id} and m.status = 'completed')`,
    })
    .from(volunteerProfiles)
    .innerJoin(users, eq(users.id, volunteerProfiles.userId))
    .where(serves)
    .orderBy(asc(users.displayName), asc(users.id));
  return {
    header: HEADER,
    rows: (async function* () {
      for await (const row of cursorRows(db, select)) {
        const cells = [...row] as (string | number | boolean | null)[];
        cells[2] = KIND[cells[2] as string] ?? cells[2]!;
        cells[5] = VERIFICATION[cells[5] as string] ?? cells[5]!;
        cells[6] = cells[6] === true ? 'はい / yes' : 'いいえ / no';
        cells[12] = Math.round((Number(cells[12]) / 60) * 100) / 100;
        yield cells;
      }
    })(),
  };
}
