import { inArray, sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, districts, townDistricts } from '@sasaeai/db/schema';
import type { TownImportResult } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import { forgetTownRules } from '../../repositories/town-rules.ts';
import { validateTownCsv } from './town-csv.ts';

/**
 * Imports (upserts by town name) every row of the CSV, or nothing when any row is bad. Towns
 * not in the file are left as they are: an import adds and moves towns, it never deletes.
 */
export async function importTowns(
  db: Database,
  csv: string,
  actorId: string,
): Promise<TownImportResult> {
  const known = await db.select({ id: districts.id, code: districts.code }).from(districts);
  const idByCode = new Map(known.map((row) => [row.code, row.id]));
  const { rows, errors } = validateTownCsv(csv, new Set(idByCode.keys()));
  if (errors.length > 0) {
    throw new AppError(
      'validation_failed',
      {
        ja: `CSVに${String(errors.length)}件の問題があります。何も取り込んでいません。`,
        en: `The CSV has ${String(errors.length)} problem(s). Nothing was imported.`,
      },
      errors.slice(0, 100),
    );
  }
  const result = await db.transaction(async (tx) => {
    const existing = await tx
      .select({ town: townDistricts.town })
      .from(townDistricts)
      .where(
        inArray(
          townDistricts.town,
          rows.map((row) => row.town),
        ),
      );
    const values = rows.map((row) => ({
      town: row.town,
      kana: row.kana,
      districtId: idByCode.get(row.district)!,
      needsJo: row.needsJo,
      source: 'import' as const,
      updatedBy: actorId,
    }));
    for (let i = 0; i < values.length; i += 500) {
      await tx
        .insert(townDistricts)
        .values(values.slice(i, i + 500))
        .onConflictDoUpdate({
          target: townDistricts.town,
          set: {
            kana: sql`excluded.kana`,
            districtId: sql`excluded.district_id`,
            needsJo: sql`excluded.needs_jo`,
            source: sql`excluded.source`,
            updatedBy: sql`excluded.updated_by`,
            updatedAt: sql`now()`,
          },
        });
    }
    await tx.insert(auditEvents).values({
      actorId,
      action: 'town_district.imported',
      subjectType: 'town_district',
      details: { count: rows.length, fields: ['town', 'kana', 'districtId', 'needsJo'] },
    });
    const updated = existing.length;
    return { imported: rows.length, created: rows.length - updated, updated };
  });
  forgetTownRules(db);
  return result;
}
