import { and, asc, count, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@sasaeai/db/client';
import { districts, helpRequests, residentProfiles, users } from '@sasaeai/db/schema';
import {
  RESIDENT_PAGE_SIZE,
  type DuplicateQuery,
  type DuplicateReason,
  type DuplicateSuggestions,
  type ResidentListQuery,
  type ResidentPage,
  type ResidentRecord,
} from '@sasaeai/contracts';
import { residentMatches } from '../desk/resident-search.ts';
import { kanaKey, kanaKeySql, nameKey, nameKeySql } from './kana-key.ts';
import { notInRegister, scopeCondition, inScope, type RegisterScope } from './register-scope.ts';

const rowColumns = {
  id: residentProfiles.userId,
  fullName: residentProfiles.fullName,
  fullNameKana: residentProfiles.fullNameKana,
  phone: residentProfiles.phone,
  address: residentProfiles.address,
  districtCode: districts.code,
  districtName: districts.name,
  districtNameEn: districts.nameEn,
};

type RowOut = {
  id: string;
  fullName: string;
  fullNameKana: string | null;
  phone: string | null;
  address: string | null;
  districtCode: string;
  districtName: string;
  districtNameEn: string;
};

const toRow = ({ districtCode, districtName, districtNameEn, ...row }: RowOut) => ({
  ...row,
  district: { code: districtCode, name: districtName, nameEn: districtNameEn },
});

/** The register: residents of the scope, by kana then name, 30 a page, searchable. */
export async function listResidents(
  db: Database,
  scope: RegisterScope,
  query: ResidentListQuery,
): Promise<ResidentPage> {
  const conditions: SQL[] = [scopeCondition(scope)];
  if (query.q) conditions.push(residentMatches(query.q, { address: true }));
  const where = and(...conditions);
  const page = query.page ?? 1;
  const [rows, [total]] = await Promise.all([
    db
      .select(rowColumns)
      .from(residentProfiles)
      .innerJoin(districts, eq(districts.id, residentProfiles.districtId))
      .where(where)
      .orderBy(
        sql`${residentProfiles.fullNameKana} asc nulls last`,
        asc(residentProfiles.fullName),
        asc(residentProfiles.userId),
      )
      .limit(RESIDENT_PAGE_SIZE)
      .offset((page - 1) * RESIDENT_PAGE_SIZE),
    db.select({ n: count() }).from(residentProfiles).where(where),
  ]);
  return { residents: rows.map(toRow), page, pageSize: RESIDENT_PAGE_SIZE, total: total!.n };
}

const MIN_PHONE_DIGITS = 6;

/**
 * Likely duplicates of a resident about to be registered (or of one on file): the same phone
 * digits, the same kana ignoring spaces, script and small kana, or the same name ignoring spaces.
 */
export async function findDuplicates(
  db: Database,
  scope: RegisterScope,
  query: DuplicateQuery,
): Promise<DuplicateSuggestions> {
  const digits = (query.phone ?? '').normalize('NFKC').replace(/\D/g, '');
  const kana = query.fullNameKana ? kanaKey(query.fullNameKana) : '';
  const name = query.fullName ? nameKey(query.fullName) : '';
  const phoneHit =
    digits.length >= MIN_PHONE_DIGITS
      ? sql<boolean>`regexp_replace(coalesce(${residentProfiles.phone}, ''), '\\D', '', 'g') = ${digits}`
      : sql<boolean>`false`;
  const kanaHit = kana
    ? sql<boolean>`${kanaKeySql(residentProfiles.fullNameKana)} = ${kana}`
    : sql<boolean>`false`;
  const nameHit = name
    ? sql<boolean>`${nameKeySql(residentProfiles.fullName)} = ${name}`
    : sql<boolean>`false`;
  const conditions: SQL[] = [scopeCondition(scope), or(phoneHit, kanaHit, nameHit)!];
  if (query.except) conditions.push(ne(residentProfiles.userId, query.except));
  const rows = await db
    .select({ ...rowColumns, phoneHit, kanaHit, nameHit })
    .from(residentProfiles)
    .innerJoin(districts, eq(districts.id, residentProfiles.districtId))
    .where(and(...conditions))
    .orderBy(asc(residentProfiles.fullName), asc(residentProfiles.userId))
    .limit(10);
  return {
    residents: rows.map(({ phoneHit: p, kanaHit: k, nameHit: n, ...row }) => ({
      ...toRow(row),
      reasons: (
        [
          [p, 'phone'],
          [k, 'kana'],
          [n, 'name'],
        ] as const
      )
        .filter(([hit]) => hit)
        .map(([, reason]): DuplicateReason => reason),
    })),
  };
}

const consentBy = alias(users, 'consent_by');
const shareBy = alias(users, 'share_by');

/** One resident's full record for the coordinator; 404 outside the scope. */
export async function residentRecord(
  db: Database,
  scope: RegisterScope,
  residentId: string,
): Promise<ResidentRecord> {
  const [row] = await db
    .select({
      ...rowColumns,
      districtId: residentProfiles.districtId,
      profile: residentProfiles,
      email: users.email,
      consentByName: consentBy.displayName,
      shareByName: shareBy.displayName,
    })
    .from(residentProfiles)
    .innerJoin(districts, eq(districts.id, residentProfiles.districtId))
    .innerJoin(users, eq(users.id, residentProfiles.userId))
    .leftJoin(consentBy, eq(consentBy.id, residentProfiles.consentRecordedBy))
    .leftJoin(shareBy, eq(shareBy.id, residentProfiles.shareConsentRecordedBy))
    .where(eq(residentProfiles.userId, residentId));
  if (!row || !inScope(scope, row.districtId)) throw notInRegister();
  const [requests] = await db
    .select({ n: count() })
    .from(helpRequests)
    .where(eq(helpRequests.residentId, residentId));
  const { profile: p } = row;
  return {
    ...toRow(row),
    emergencyContact: p.emergencyContactName
      ? {
          name: p.emergencyContactName,
          relation: p.emergencyContactRelation,
          phone: p.emergencyContactPhone,
        }
      : null,
    dataUseConsent: p.consentAt
      ? { at: p.consentAt.toISOString(), byName: row.consentByName, method: p.consentMethod }
      : null,
    shareConsent: p.shareConsentAt
      ? { at: p.shareConsentAt.toISOString(), byName: row.shareByName }
      : null,
    mergedInto: p.mergedIntoId,
    hasLogin: row.email !== null,
    requestCount: requests!.n,
  };
}
