/**
 * Reads and saves the notification-preferences form (a person's own on /account, a phoned-in
 * resident's on the coordinator's page): field errors in the page's language, the API's own
 * refusals mapped onto the same fields.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  normalisePhoneForSms,
  NotificationChannel,
  type Locale,
  type NotificationPreferencesInput,
  type NotificationPreferencesResponse,
} from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import {
  channelChoiceFields,
  preferenceFields,
  type PreferenceErrors,
  type PreferenceValues,
} from '$lib/notification-preferences-form';
import { apiPut } from './api.ts';
import { formErrorsFromApi, hasErrors, summaryError, textField } from './form-errors.ts';
import { loginRedirectPath } from './guard.ts';

const MAX_TYPED = 200;

function hour(text: string): number | null | undefined {
  if (text === '') return null;
  return /^\d{1,2}$/.test(text) && Number(text) <= 23 ? Number(text) : undefined;
}

/** The submitted form as the API's body, or the field errors that stop it. */
export function readPreferencesForm(
  data: FormData,
  locale: Locale,
): {
  values: PreferenceValues;
  body: NotificationPreferencesInput | null;
  errors: PreferenceErrors;
} {
  const values = Object.fromEntries(
    preferenceFields.map((field) => [field, textField(data, field).slice(0, MAX_TYPED)]),
  ) as PreferenceValues;
  const errors: PreferenceErrors = { summary: null, fields: {} };

  const order: NotificationPreferencesInput['channelOrder'] = [];
  for (const field of channelChoiceFields) {
    const value = values[field];
    if (value === '') continue;
    const channel = NotificationChannel.safeParse(value);
    if (!channel.success) errors.fields[field] = t(locale, 'prefs.error.channel');
    else if (order.includes(channel.data)) errors.fields[field] = t(locale, 'prefs.error.twice');
    else order.push(channel.data);
  }
  if (order.length === 0 && !errors.fields.channel1) {
    errors.fields.channel1 = t(locale, 'prefs.error.noChannel');
  }

  const phoneText = values.smsPhone.trim();
  const smsPhone = phoneText === '' ? null : (normalisePhoneForSms(phoneText) ?? undefined);
  if (smsPhone === undefined) errors.fields.smsPhone = t(locale, 'prefs.error.phone');
  if (order.includes('sms') && smsPhone === null) {
    errors.fields.smsPhone = t(locale, 'prefs.error.phoneForSms');
  }

  const language = values.language === 'en' ? 'en' : values.language === 'ja' ? 'ja' : null;
  if (!language) errors.fields.language = t(locale, 'prefs.error.channel');

  const quietStartHour = hour(values.quietStartHour);
  const quietEndHour = hour(values.quietEndHour);
  if (quietStartHour === undefined) errors.fields.quietStartHour = t(locale, 'prefs.error.hour');
  if (quietEndHour === undefined) errors.fields.quietEndHour = t(locale, 'prefs.error.hour');
  if (
    quietStartHour !== undefined &&
    quietEndHour !== undefined &&
    (quietStartHour === null) !== (quietEndHour === null)
  ) {
    errors.fields.quietEndHour = t(locale, 'prefs.error.quietBoth');
  }

  if (hasErrors(errors) || smsPhone === undefined || !language) {
    return { values, body: null, errors };
  }
  return {
    values,
    errors,
    body: {
      channelOrder: order,
      smsPhone,
      language,
      quietStartHour: quietStartHour ?? null,
      quietEndHour: quietEndHour ?? null,
    },
  };
}

/**
 * Saves the form through `path` (PUT) and sends the browser on to `done` (redirect after
 * POST); a refusal comes back to the form with its errors and the typed values.
 */
export async function savePreferencesForm(
  event: RequestEvent,
  path: `/api/${string}`,
  done: string,
) {
  const locale = event.locals.locale;
  const { values, body, errors } = readPreferencesForm(await event.request.formData(), locale);
  if (!body) return fail(400, { values, errors });
  const result = await apiPut<NotificationPreferencesResponse>(event, path, body);
  if (result.ok) redirect(303, done);
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  if (result.status >= 500) {
    return fail(503, { values, errors: summaryError<never>(t(locale, 'error.generic')) });
  }
  const mapped = formErrorsFromApi(result.error, locale, preferenceFields, {
    channelOrder: 'channel1',
  });
  return fail(result.status, { values, errors: mapped });
}
