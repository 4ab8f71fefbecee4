import type { DbOrTx } from '../client.ts';
import { townDistricts } from '../schema/index.ts';
import { TOWN_SEEDS, type TownSeed } from './towns-data.ts';
import { fromExcluded } from './sql.ts';

/**
 * Loads the seed town table. Without `overwrite` (production reference data) a town staff have
 * already edited or imported is left as it is; only missing towns are added.
 */
export async function seedTowns(
  db: DbOrTx,
  districtIds: ReadonlyMap<string, string>,
  { overwrite, data = TOWN_SEEDS }: { overwrite: boolean; data?: readonly TownSeed[] },
): Promise<number> {
  const values = data.flatMap((row) => {
    const districtId = districtIds.get(row.district);
    if (!districtId) return [];
    const { town, kana } = row;
    return [{ town, kana, districtId, needsJo: row.needsJo ?? false, source: 'seed' as const }];
  });
  if (values.length === 0) return 0;
  const insert = db.insert(townDistricts).values(values);
  await (overwrite
    ? insert.onConflictDoUpdate({
        target: townDistricts.town,
        set: fromExcluded(townDistricts, ['kana', 'districtId', 'needsJo', 'source']),
      })
    : insert.onConflictDoNothing({ target: townDistricts.town }));
  return values.length;
}
