/**
 * Reads and saves the notification-preferences form (a person's own on /account, a phoned-in
 * resident's on the coordinator's page): field errors in the page's language, the API's own
 * refusals mapped onto the same fields.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  Email,
  normalisePhoneForSms,
  NotificationChannel,
  ProxyRelationship,
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
import {
  formErrorsFromApi,
  hasErrors,
  remapApiFields,
  summaryError,
  textField,
} from './form-errors.ts';
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

  const proxy = data.get('proxyShown') === '1' ? readProxy(values, errors, locale) : undefined;

  if (hasErrors(errors) || smsPhone === undefined || !language || proxy === false) {
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
      ...(proxy === undefined ? {} : { proxy }),
    },
  };
}

/** A resident's proxy contact: null when every field is empty; false when it has errors. */
function readProxy(
  values: PreferenceValues,
  errors: PreferenceErrors,
  locale: Locale,
): NotificationPreferencesInput['proxy'] | false {
  const name = values.proxyName.trim();
  const email = values.proxyEmail.trim();
  const phone = values.proxySmsPhone.trim();
  if (name === '' && email === '' && phone === '') return null;
  const before = Object.keys(errors.fields).length;
  if (name === '') {
    errors.fields.proxyName = t(locale, 'validation.required', {
      field: t(locale, 'prefs.proxy.name'),
    });
  } else if ([...name].length > 100) {
    errors.fields.proxyName = t(locale, 'validation.tooLong', {
      field: t(locale, 'prefs.proxy.name'),
    });
  }
  const relationship = ProxyRelationship.safeParse(values.proxyRelationship);
  if (!relationship.success) errors.fields.proxyRelationship = t(locale, 'prefs.error.channel');
  const parsedEmail = email === '' ? null : Email.safeParse(email);
  if (parsedEmail && !parsedEmail.success) errors.fields.proxyEmail = t(locale, 'validation.email');
  const smsPhone = phone === '' ? null : (normalisePhoneForSms(phone) ?? undefined);
  if (smsPhone === undefined) errors.fields.proxySmsPhone = t(locale, 'prefs.error.phone');
  if (email === '' && phone === '') errors.fields.proxyEmail = t(locale, 'prefs.error.proxyReach');
  if (values.proxyInstead !== 'instead' && values.proxyInstead !== 'also') {
    errors.fields.proxyInstead = t(locale, 'prefs.error.channel');
  }
  if (
    Object.keys(errors.fields).length > before ||
    !relationship.success ||
    smsPhone === undefined
  ) {
    return false;
  }
  return {
    name,
    relationship: relationship.data,
    email: parsedEmail?.success ? parsedEmail.data : null,
    smsPhone,
    instead: values.proxyInstead === 'instead',
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
  const apiError = remapApiFields(result.error, {
    channelOrder: 'channel1',
    'proxy.name': 'proxyName',
    'proxy.relationship': 'proxyRelationship',
    'proxy.email': 'proxyEmail',
    'proxy.smsPhone': 'proxySmsPhone',
    'proxy.instead': 'proxyInstead',
    proxy: 'proxyName',
  });
  const mapped = formErrorsFromApi(apiError, locale, preferenceFields);
  return fail(result.status, { values, errors: mapped });
}
