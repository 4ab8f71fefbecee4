import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { districtSettings } from '../schema/index.ts';

export interface DistrictSettings {
  autoApproveTrusted: boolean;
  offerTtlMinutes: number;
  /** Finished requests lose address and notes after this long (APPI retention). */
  retentionMonths: number;
  /** Snow offers may reach volunteers from 05:00, even inside their quiet hours. */
  snowOffersFromFive: boolean;
}

export const defaultDistrictSettings: DistrictSettings = {
  autoApproveTrusted: false,
  offerTtlMinutes: 12 * 60,
  retentionMonths: 36,
  snowOffersFromFive: false,
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
    ? {
        autoApproveTrusted: row.autoApproveTrusted,
        offerTtlMinutes: row.offerTtlMinutes,
        retentionMonths: row.retentionMonths,
        snowOffersFromFive: row.snowOffersFromFive,
      }
    : defaultDistrictSettings;
}
