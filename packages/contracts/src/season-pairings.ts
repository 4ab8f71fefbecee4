import { z } from 'zod';
import { ClockTime, IsoDate } from './help-loop.ts';
import { SeasonPairingReason, SeasonPairingRole, SeasonPairingStatus } from './snow-enums.ts';
import { WinterRegistrationStatus } from './snow-enums.ts';

/** A coordinator records a pairing after the first meeting (顔合わせ) on `metOn`. */
export const SeasonPairingBody = z.object({
  helperId: z.uuid(),
  role: SeasonPairingRole,
  metOn: IsoDate,
});
export type SeasonPairingBody = z.infer<typeof SeasonPairingBody>;

/** Pause, resume or end a pairing, with an optional reason code. */
export const SeasonPairingChange = z.object({
  status: SeasonPairingStatus,
  reason: SeasonPairingReason.optional(),
});
export type SeasonPairingChange = z.infer<typeof SeasonPairingChange>;

/** A pairing as its household and their coordinator see it: the helper by their shown name. */
export const SeasonPairing = z.object({
  id: z.uuid(),
  winterRegistrationId: z.uuid(),
  helper: z.object({ id: z.uuid(), displayName: z.string() }),
  role: SeasonPairingRole,
  status: SeasonPairingStatus,
  metOn: IsoDate,
  reason: SeasonPairingReason.nullable(),
});
export type SeasonPairing = z.infer<typeof SeasonPairing>;

export const SeasonPairingResponse = z.object({ pairing: SeasonPairing });
export const SeasonPairingList = z.object({ pairings: z.array(SeasonPairing) });
export type SeasonPairingList = z.infer<typeof SeasonPairingList>;

/**
 * A helper's household this winter: what to clear and when, never the address (that comes with
 * an accepted task, under the audited reveal).
 */
export const HelperHousehold = z.object({
  pairingId: z.uuid(),
  role: SeasonPairingRole,
  status: SeasonPairingStatus,
  metOn: IsoDate,
  household: z.object({
    displayName: z.string(),
    district: z.string().nullable(),
    frontageMetres: z.number(),
    clearPath: z.boolean(),
    roofFall: z.boolean(),
    readyFrom: ClockTime,
    readyBy: ClockTime,
    thresholdCm: z.int(),
    registrationStatus: WinterRegistrationStatus,
  }),
});
export type HelperHousehold = z.infer<typeof HelperHousehold>;
export const HelperHouseholdList = z.object({ households: z.array(HelperHousehold) });
export type HelperHouseholdList = z.infer<typeof HelperHouseholdList>;
