import { SeasonPairingStatus, WinterRegistrationStatus } from '@sasaeai/contracts';
import type { Flash } from './flash.ts';

/**
 * What the last winter form post did (registered, a registration's or a pairing's new status),
 * read back from its one-time notice after the redirect (Post/Redirect/Get). A cookie is input
 * like any other, so only known statuses are shown.
 */
export function winterNotice(flash: Flash | null) {
  const changed = WinterRegistrationStatus.safeParse(flash?.winterStatus);
  const pairingChanged = SeasonPairingStatus.safeParse(flash?.pairingStatus);
  return {
    registered: flash?.done === 'registered',
    paired: flash?.done === 'paired',
    changed: changed.success ? changed.data : undefined,
    pairingChanged: pairingChanged.success ? pairingChanged.data : undefined,
  };
}
