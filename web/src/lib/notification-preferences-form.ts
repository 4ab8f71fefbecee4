/** The notification-preferences form's shape, shared by its actions and its component. */
import type { NotificationChannel, NotificationPreferences } from '@sasaeai/contracts';
import type { FormErrors } from './forms.ts';

/** One select per place in the order: first, second, third and fourth choice. */
export const channelChoiceFields = ['channel1', 'channel2', 'channel3', 'channel4'] as const;

export const preferenceFields = [
  ...channelChoiceFields,
  'smsPhone',
  'language',
  'quietStartHour',
  'quietEndHour',
  'proxyName',
  'proxyRelationship',
  'proxyEmail',
  'proxySmsPhone',
  'proxyInstead',
] as const;
export type PreferenceField = (typeof preferenceFields)[number];

/** What the form shows: the typed text after a refusal, else the saved preferences. */
export type PreferenceValues = Record<PreferenceField, string>;

export type PreferenceErrors = FormErrors<PreferenceField>;

export const channelChoices: readonly NotificationChannel[] = [
  'email',
  'sms',
  'line',
  'phone_call',
];

export function valuesFromPreferences(preferences: NotificationPreferences): PreferenceValues {
  const order = preferences.channelOrder;
  return {
    channel1: order[0] ?? '',
    channel2: order[1] ?? '',
    channel3: order[2] ?? '',
    channel4: order[3] ?? '',
    smsPhone: preferences.smsPhone ?? '',
    language: preferences.language,
    quietStartHour: preferences.quietStartHour === null ? '' : String(preferences.quietStartHour),
    quietEndHour: preferences.quietEndHour === null ? '' : String(preferences.quietEndHour),
    proxyName: preferences.proxy?.name ?? '',
    proxyRelationship: preferences.proxy?.relationship ?? '',
    proxyEmail: preferences.proxy?.email ?? '',
    proxySmsPhone: preferences.proxy?.smsPhone ?? '',
    proxyInstead: preferences.proxy?.instead === false ? 'also' : 'instead',
  };
}
