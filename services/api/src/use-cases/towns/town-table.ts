import { asc, eq, ilike, or } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, districts, townDistricts } from '@sasaeai/db/schema';
import type { TownBody, TownList } from '@sasaeai/contracts';
import { fieldError } from '../../errors/app-error.ts';
import { districtByCode } from '../../repositories/district-directory.ts';
import { forgetTownRules } from '../../repositories/town-rules.ts';

/** `%` and `_` in a search are letters, not wildcards. */
const likeLiteral = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Every town with its district (by district, then reading), optionally those matching `q`. */
export async function listTowns(db: Database, q: string | undefined): Promise<TownList> {
  const rows = await db
    .select({
      town: townDistricts.town,
      kana: townDistricts.kana,
      district: districts.code,
      districtName: districts.name,
      districtNameEn: districts.nameEn,
      needsJo: townDistricts.needsJo,
      source: townDistricts.source,
      updatedAt: townDistricts.updatedAt,
    })
    .from(townDistricts)
    .innerJoin(districts, eq(districts.id, townDistricts.districtId))
    .where(
      q
        ? or(
            ilike(townDistricts.town, likeLiteral(q)),
            ilike(townDistricts.kana, likeLiteral(q)),
            ilike(districts.name, likeLiteral(q)),
            ilike(districts.nameEn, likeLiteral(q)),
          )
        : undefined,
    )
    .orderBy(asc(districts.kana), asc(townDistricts.kana), asc(townDistricts.town));
  return { towns: rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() })) };
}

const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The table as the import reads it (UTF-8 with BOM, for Excel): edit it and import it back. */
export function townsCsv({ towns }: TownList): string {
  const lines = towns.map((row) =>
    [row.town, row.kana, row.district, row.needsJo ? '1' : '0'].map(cell).join(','),
  );
  return `\uFEFFtown,kana,district,needs_jo\r\n${lines.map((line) => `${line}\r\n`).join('')}`;
}

/** Adds a town or moves it to another district; audited with the town's field names only. */
export async function saveTown(
  db: Database,
  body: TownBody,
  actorId: string,
): Promise<{ created: boolean }> {
  const district = await districtByCode(db, body.district);
  if (!district) {
    throw fieldError('body.district', 'この地区はありません。', 'There is no such district.');
  }
  const created = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ town: townDistricts.town })
      .from(townDistricts)
      .where(eq(townDistricts.town, body.town))
      .for('update');
    const values = {
      districtId: district.id,
      needsJo: body.needsJo ?? false,
      source: 'manual' as const,
      updatedBy: actorId,
      ...(body.kana !== undefined ? { kana: body.kana } : {}),
    };
    await tx
      .insert(townDistricts)
      .values({ town: body.town, ...values })
      .onConflictDoUpdate({ target: townDistricts.town, set: values });
    await tx.insert(auditEvents).values({
      actorId,
      action: before ? 'town_district.changed' : 'town_district.added',
      subjectType: 'town_district',
      subjectId: body.town,
      districtId: district.id,
      details: { fields: Object.keys(values) },
    });
    return !before;
  });
  forgetTownRules(db);
  return { created };
}
