import type { DbOrTx } from '../client.ts';
import { winterFeeClasses } from '../schema/index.ts';

export interface WinterFeeClassSeed {
  code: string;
  nameJa: string;
  nameEn: string;
  seasonFeeYen: number;
}

/**
 * Demo fee classes of the paid winter service (福祉除雪). Fictional amounts: the real classes
 * and fees are entered by the centre on /coordinator/winter/fees.
 */
export const DEMO_WINTER_FEE_CLASSES: readonly WinterFeeClassSeed[] = [
  { code: 'A', nameJa: '一般世帯', nameEn: 'Standard household', seasonFeeYen: 12000 },
  { code: 'B', nameJa: '住民税非課税世帯', nameEn: 'Tax-exempt household', seasonFeeYen: 6000 },
  {
    code: 'C',
    nameJa: '生活保護世帯（免除）',
    nameEn: 'Public assistance (exempt)',
    seasonFeeYen: 0,
  },
];

/** Adds the demo classes that are missing; a class the centre has edited is kept. */
export async function seedWinterFeeClasses(
  db: DbOrTx,
  data: readonly WinterFeeClassSeed[] = DEMO_WINTER_FEE_CLASSES,
): Promise<void> {
  await db
    .insert(winterFeeClasses)
    .values([...data])
    .onConflictDoNothing();
}
