import { pgEnum } from 'drizzle-orm/pg-core';
import {
  centreStatuses,
  contactPreferences,
  helpCategories,
  locales,
  matchStatuses,
  notificationChannels,
  notificationStatuses,
  requestStatuses,
  roles,
  seasonPairingRoles,
  winterPaymentMethods,
  seasonPairingStatuses,
  snowEventSources,
  textSizes,
  urgencies,
  verificationStatuses,
  volunteerKinds,
  winterRegistrationStatuses,
} from '@sasaeai/contracts';

export const roleEnum = pgEnum('role', roles);
export const localeEnum = pgEnum('locale', locales);
export const textSizeEnum = pgEnum('text_size', textSizes);
export const helpCategoryEnum = pgEnum('help_category', helpCategories);
export const requestStatusEnum = pgEnum('request_status', requestStatuses);
export const matchStatusEnum = pgEnum('match_status', matchStatuses);
export const volunteerKindEnum = pgEnum('volunteer_kind', volunteerKinds);
export const verificationStatusEnum = pgEnum('verification_status', verificationStatuses);
export const centreStatusEnum = pgEnum('centre_status', centreStatuses);
export const urgencyEnum = pgEnum('urgency', urgencies);
export const contactPreferenceEnum = pgEnum('contact_preference', contactPreferences);
export const notificationChannelEnum = pgEnum('notification_channel', notificationChannels);
export const notificationStatusEnum = pgEnum('notification_status', notificationStatuses);
export const winterRegistrationStatusEnum = pgEnum(
  'winter_registration_status',
  winterRegistrationStatuses,
);
export const snowEventSourceEnum = pgEnum('snow_event_source', snowEventSources);
export const seasonPairingRoleEnum = pgEnum('season_pairing_role', seasonPairingRoles);
export const seasonPairingStatusEnum = pgEnum('season_pairing_status', seasonPairingStatuses);
export const winterPaymentMethodEnum = pgEnum('winter_payment_method', winterPaymentMethods);
