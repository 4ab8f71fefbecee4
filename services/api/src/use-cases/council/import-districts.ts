import { inArray } from 'drizzle-orm';
import { districtNameFromCode } from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, districts } from '@sasaeai/db/schema';
import { AppError } from '../../errors/app-error.ts';
import { validateDistrictCsv } from './district-csv.ts';

/**
 * Imports (upserts by code) every district, or nothing at all when any row is bad. A file
 * without `name_en` keeps the English names already there; a new district gets one from its code.
 */
export async function importDistricts(db: Database, csv: string, actorId: string) {
  const { rows, errors } = validateDistrictCsv(csv);
  if (errors.length > 0) {
    throw new AppError(
      'validation_failed',
      {
        ja: `CSVに${String(errors.length)}件の問題があります。何も取り込んでいません。`,
        en: `The CSV has ${String(errors.length)} problem(s). Nothing was imported.`,
      },
      errors,
    );
  }
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ code: districts.code })
      .from(districts)
      .where(
        inArray(
          districts.code,
          rows.map((row) => row.code),
        ),
      );
    const known = new Set(existing.map((row) => row.code));
    for (const { nameEn, ...row } of rows) {
      await tx
        .insert(districts)
        .values({ ...row, nameEn: nameEn ?? districtNameFromCode(row.code) })
        .onConflictDoUpdate({
          target: districts.code,
          // Without a name_en column the English name staff gave before is kept.
          set: {
            name: row.name,
            kana: row.kana,
            lat: row.lat,
            lon: row.lon,
            ...(nameEn === null ? {} : { nameEn }),
          },
        });
    }
    await tx.insert(auditEvents).values({
      actorId,
      action: 'district.imported',
      subjectType: 'district',
      details: { count: rows.length },
    });
    const updated = rows.filter((row) => known.has(row.code)).length;
    return { imported: rows.length, created: rows.length - updated, updated };
  });
}
