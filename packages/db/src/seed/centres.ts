import { and, eq } from 'drizzle-orm';
import type { CentreStatus } from '@sasaeai/contracts';
import type { DbOrTx } from '../client.ts';
import { volunteerCentres } from '../schema/index.ts';
import { noProgress, type OnProgress } from './progress.ts';

export interface CentreSeed {
  district: string;
  name: string;
  /** The name on English pages. */
  nameEn: string;
  status: CentreStatus;
  /** `YYYY-MM-DD`; set for open centres. */
  openedOn: string | null;
  /** The centre's public phone (printed on notices); fictional in the demo. */
  phone?: string;
  /** Opening hours as residents read them, Japanese and English. */
  hoursJa?: string;
  hoursEn?: string;
}

/**
 * DEMO DATA: the open demo centres' phones and hours. The numbers look like Asahikawa (0166)
 * landlines but their exchange starts with 0 (0166-00-…), which no real line has, and the
 * hours say 見本 / demo, so nobody mistakes them for a real centre's.
 */
const DEMO_HOURS = {
  hoursJa: '月曜日から 金曜日 午前9時から 午後5時まで（見本）',
  hoursEn: 'Monday to Friday, 9 am to 5 pm (demo)',
} as const;

/**
 * Demo district volunteer centres: four open (FY2024–FY2026) and three planned, against the
 * plan's target of 11 by FY2029. Fictional: real centres are entered by council staff.
 */
export const DEMO_CENTRES: readonly CentreSeed[] = [
  {
    district: 'chuo',
    name: '中央地区ボランティアセンター',
    nameEn: 'Chuo District Volunteer Centre',
    phone: '0166-00-1001',
    ...DEMO_HOURS,
    status: 'open',
    openedOn: '2024-10-01',
  },
  {
    district: 'nagayama',
    name: '永山地区ボランティアセンター',
    nameEn: 'Nagayama District Volunteer Centre',
    phone: '0166-00-1002',
    ...DEMO_HOURS,
    status: 'open',
    openedOn: '2025-04-01',
  },
  {
    district: 'shin-asahikawa',
    name: '新旭川地区ボランティアセンター',
    nameEn: 'Shin-Asahikawa District Volunteer Centre',
    phone: '0166-00-1003',
    ...DEMO_HOURS,
    status: 'open',
    openedOn: '2025-11-04',
  },
  {
    district: 'toko',
    name: '東光地区ボランティアセンター',
    nameEn: 'Toko District Volunteer Centre',
    phone: '0166-00-1004',
    ...DEMO_HOURS,
    status: 'open',
    openedOn: '2026-06-01',
  },
  {
    district: 'kagura',
    name: '神楽地区ボランティアセンター',
    nameEn: 'Kagura District Volunteer Centre',
    status: 'planned',
    openedOn: null,
  },
  {
    district: 'shunko',
    name: '春光地区ボランティアセンター',
    nameEn: 'Shunko District Volunteer Centre',
    status: 'planned',
    openedOn: null,
  },
  {
    district: 'higashi-asahikawa',
    name: '東旭川地区ボランティアセンター',
    nameEn: 'Higashi-Asahikawa District Volunteer Centre',
    status: 'planned',
    openedOn: null,
  },
];

export interface SeedCentresOptions {
  districtIds: ReadonlyMap<string, string>;
  /** true (demo): status and dates are reset to the seed data; false: existing rows are kept. */
  overwrite: boolean;
  onProgress?: OnProgress;
  data?: readonly CentreSeed[];
}

/**
 * Upserts centres by their natural key (district, name). The table has no unique constraint on
 * that pair, so this looks up first; the caller holds the seed's advisory lock.
 */
export async function seedCentres(
  db: DbOrTx,
  { districtIds, overwrite, onProgress = noProgress, data = DEMO_CENTRES }: SeedCentresOptions,
): Promise<void> {
  let done = 0;
  for (const centre of data) {
    const districtId = districtIds.get(centre.district);
    if (!districtId) throw new Error(`centre ${centre.name}: unknown district ${centre.district}`);
    const [existing] = await db
      .select({ id: volunteerCentres.id })
      .from(volunteerCentres)
      .where(
        and(eq(volunteerCentres.districtId, districtId), eq(volunteerCentres.name, centre.name)),
      )
      .limit(1);
    const values = {
      nameEn: centre.nameEn,
      status: centre.status,
      openedOn: centre.openedOn,
      closedOn: null,
      phone: centre.phone ?? null,
      hoursJa: centre.hoursJa ?? null,
      hoursEn: centre.hoursEn ?? null,
    };
    if (!existing) {
      await db.insert(volunteerCentres).values({ districtId, name: centre.name, ...values });
    } else if (overwrite) {
      await db.update(volunteerCentres).set(values).where(eq(volunteerCentres.id, existing.id));
    }
    done++;
  }
  onProgress({ step: 'centres', done, total: data.length });
}
