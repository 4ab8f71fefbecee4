import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, residentProfiles } from '@sasaeai/db/schema';
import { scopeCondition, type RegisterScope } from '../residents/register-scope.ts';
import type { CentreScope } from '../reports/report-scope.ts';
import { cursorRows } from './cursor.ts';
import type { ExportSource } from './export-source.ts';

const HEADER = [
  '住民ID / Resident id',
  '氏名 / Name',
  'ふりがな / Kana',
  '電話 / Phone',
  '住所 / Address',
  '地区 / District',
  '連絡方法 / Contact by',
  '同意日 / Consent on',
  '登録日 / Registered on',
  '依頼数 / Requests',
];

/**
 * The register of the scope's districts with contact details. Personal data leaves only for the
 * caller's own register (`personal`: a coordinator's districts, or all for admins), whatever
 * the scope says.
 */
export function residentsExport(
  db: Database,
  scope: CentreScope,
  personal: RegisterScope,
): ExportSource {
  const inScope =
    scope.districtIds === null
      ? sql`true`
      : scope.districtIds.length === 0
        ? sql`false`
        : inArray(residentProfiles.districtId, scope.districtIds);
  const select = db
    .select({
      id: residentProfiles.userId,
      name: residentProfiles.fullName,
      kana: residentProfiles.fullNameKana,
      phone: residentProfiles.phone,
      address: residentProfiles.address,
      district: districts.name,
      contact: residentProfiles.contactPreference,
      consent: sql<
        string | null
      >`to_char(${residentProfiles.consentAt} at time zone 'Asia/Tokyo', 'YYYY-MM-DD')`,
      registered: sql<string>`to_char(${residentProfiles.createdAt} at time zone 'Asia/Tokyo', 'YYYY-MM-DD')`,
      requests: sql<number>`(select count(*)::int from help_requests hr where hr.resident_id = ${residentProfiles.userId})`,
    })
    .from(residentProfiles)
    .innerJoin(districts, eq(districts.id, residentProfiles.districtId))
    .where(and(scopeCondition(personal), inScope))
    .orderBy(
      sql`${residentProfiles.fullNameKana} asc nulls last`,
      asc(residentProfiles.fullName),
      asc(residentProfiles.userId),
    );
  return {
    header: HEADER,
    rows: (async function* () {
      for await (const row of cursorRows(db, select)) yield row as (string | number | null)[];
    })(),
  };
}
