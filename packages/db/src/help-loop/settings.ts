import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { districtSettings } from '../schema/index.ts';

export interface DistrictSettings {
  autoApproveTrusted: boolean;
  offerTtlMinutes: number;
}

export const defaultDistrictSettings: DistrictSettings = {
  autoApproveTrusted: false,
  offerTtlMinutes: 12 * 60,
};

export async function districtSettingsFor(
  db: DbOrTx,
  districtId: string,
): Promise<DistrictSettings> {
  const [row] = await db
    .select()
    .from(districtSettings)
    .where(eq(districtSettings.districtId, districtId));
  return row
    ? { autoApproveTrusted: row.autoApproveTrusted, offerTtlMinutes: row.offerTtlMinutes }
    : defaultDistrictSettings;
}
