/**
 * Whom to call. A resident sees their own district centre's phone and hours (from the centre
 * registry, through GET /api/me); everyone else, and a district without a centre phone, sees
 * the city-wide number below.
 */
import type { CentreContact } from '@sasaeai/contracts';

/** The city-wide number (a demo placeholder until the city gives its own). */
export const CITY_PHONE = '0166-00-0000';

export type { CentreContact };
