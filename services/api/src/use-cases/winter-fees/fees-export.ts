import { and, asc, eq, or, isNotNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@sasaeai/db/client';
import {
  residentProfiles,
  users,
  winterFeeAssignments,
  winterFeeClasses,
  winterPayments,
} from '@sasaeai/db/schema';
import type { WinterPaymentMethod } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import { csvText } from '../exports/csv.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import { districtByCode } from '../../repositories/district-directory.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

const HEADER = [
  '地区 / District',
  '世帯 / Household',
  '料金区分コード / Fee class code',
  '料金区分 / Fee class',
  '年額（円） / Season fee (yen)',
  '支払日 / Paid on',
  '支払額（円） / Amount paid (yen)',
  '方法 / Method',
  '記録者 / Recorded by',
  '記録日時 / Recorded at',
  '取り消し日時 / Voided at',
];

const METHOD: Record<WinterPaymentMethod, string> = {
  cash: '現金 / Cash',
  bank_transfer: '振込 / Bank transfer',
  other: 'その他 / Other',
};

/**
 * A district's fee classes and payments for one season as CSV for the centre's books: one row
 * per payment, and one row with blank payment cells for a household with a class but nothing
 * paid yet. A voided payment keeps its row with the time it was voided (the books show the
 * correction). UTF-8 with a BOM and CRLF (as the activity export, so Excel reads the Japanese),
 * written by csv-stringify with `escape_formulas`: a cell a spreadsheet would run as a formula
 * (= + - @, tab, CR, and their full-width forms) is prefixed with `'`.
 */
export async function winterFeesCsv(
  db: Database,
  actor: SessionUser,
  districtCode: string,
  seasonYear: number,
): Promise<{ csv: string; filename: string }> {
  const district = await districtByCode(db, districtCode);
  if (!district || !canActInDistrict(actor, district.id, ['coordinator', 'admin'])) {
    throw new AppError('not_found');
  }
  const recorder = alias(users, 'recorder');
  const rows = await db
    .select({
      fullName: residentProfiles.fullName,
      classCode: winterFeeClasses.code,
      className: winterFeeClasses.nameJa,
      seasonFeeYen: winterFeeAssignments.seasonFeeYen,
      paidOn: winterPayments.paidOn,
      amountYen: winterPayments.amountYen,
      method: winterPayments.method,
      recordedBy: recorder.displayName,
      recordedAt: winterPayments.createdAt,
      voidedAt: winterPayments.voidedAt,
    })
    .from(residentProfiles)
    .leftJoin(
      winterFeeAssignments,
      and(
        eq(winterFeeAssignments.residentId, residentProfiles.userId),
        eq(winterFeeAssignments.seasonYear, seasonYear),
      ),
    )
    .leftJoin(winterFeeClasses, eq(winterFeeClasses.id, winterFeeAssignments.feeClassId))
    .leftJoin(
      winterPayments,
      and(
        eq(winterPayments.residentId, residentProfiles.userId),
        eq(winterPayments.seasonYear, seasonYear),
      ),
    )
    .leftJoin(recorder, eq(recorder.id, winterPayments.recordedBy))
    .where(
      and(
        eq(residentProfiles.districtId, district.id),
        or(isNotNull(winterFeeAssignments.residentId), isNotNull(winterPayments.id)),
      ),
    )
    .orderBy(
      asc(residentProfiles.fullNameKana),
      asc(residentProfiles.fullName),
      asc(residentProfiles.userId),
      asc(winterPayments.paidOn),
      asc(winterPayments.createdAt),
    );
  const records = rows.map((row) => [
    district.code,
    row.fullName,
    row.classCode,
    row.className,
    row.seasonFeeYen,
    row.paidOn,
    row.amountYen,
    row.method ? METHOD[row.method] : null,
    row.recordedBy,
    row.recordedAt?.toISOString() ?? null,
    row.voidedAt?.toISOString() ?? null,
  ]);
  const csv = csvText(HEADER, records);
  return { csv, filename: `sasaeai-winter-fees-${district.code}-${String(seasonYear)}.csv` };
}
