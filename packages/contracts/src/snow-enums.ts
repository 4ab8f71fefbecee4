import { z } from 'zod';

/** A winter registration stands all season until it is paused (resumable) or ended. */
export const winterRegistrationStatuses = ['active', 'paused', 'ended'] as const;
export const WinterRegistrationStatus = z.enum(winterRegistrationStatuses);
export type WinterRegistrationStatus = z.infer<typeof WinterRegistrationStatus>;

/** Who said it snowed: a person declaring it, or the JMA observations imported from CSV. */
export const snowEventSources = ['declared', 'jma'] as const;
export const SnowEventSource = z.enum(snowEventSources);
export type SnowEventSource = z.infer<typeof SnowEventSource>;

/** A season pairing's helper: the one offered first on each snowfall, or the one asked next. */
export const seasonPairingRoles = ['primary', 'backup'] as const;
export const SeasonPairingRole = z.enum(seasonPairingRoles);
export type SeasonPairingRole = z.infer<typeof SeasonPairingRole>;

/** A pairing stands until paused (resumable) or ended by either side or the coordinator. */
export const seasonPairingStatuses = ['active', 'paused', 'ended'] as const;
export const SeasonPairingStatus = z.enum(seasonPairingStatuses);
export type SeasonPairingStatus = z.infer<typeof SeasonPairingStatus>;

/** Why a pairing was paused or ended, as a code the page words. */
export const seasonPairingReasons = ['schedule', 'moved', 'health', 'not_a_fit', 'other'] as const;
export const SeasonPairingReason = z.enum(seasonPairingReasons);
export type SeasonPairingReason = z.infer<typeof SeasonPairingReason>;

/** How a household paid the paid winter service's season fee (福祉除雪). */
export const winterPaymentMethods = ['cash', 'bank_transfer', 'other'] as const;
export const WinterPaymentMethod = z.enum(winterPaymentMethods);
export type WinterPaymentMethod = z.infer<typeof WinterPaymentMethod>;
