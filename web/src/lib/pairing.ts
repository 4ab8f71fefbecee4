import type { SeasonPairingReason } from '@sasaeai/contracts';

/** The reasons a page offers for pausing or ending a season pairing, in the order shown. */
export const pairingReasons = [
  'schedule',
  'moved',
  'health',
  'not_a_fit',
  'other',
] as const satisfies readonly SeasonPairingReason[];
