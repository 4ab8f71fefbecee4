/**
 * Reading and checking the help-request form on the server (the resident's form and the
 * coordinator's phone intake). The checks catch the common slips in plain words; the API
 * validates everything again and its field errors are mapped back onto the same inputs.
 */
import type { CreateHelpRequestBody, Locale, ProxyResident } from '@sasaeai/contracts';
import type { FormErrors } from '$lib/forms';
import { isCategory, isUrgency, japanDate, windowTimes } from '$lib/help';
import { t } from '$lib/i18n';
import type {
  ProxyField,
  ProxyFormValues,
  RequestField,
  RequestFormValues,
} from '$lib/request-form';
import { checkboxField, textField } from './form-errors.ts';

const NOTE_MAX = 500;
const ADDRESS_MAX = 200;
const PHONE = /^0\d{1,4}-?\d{1,4}-?\d{3,4}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** API body paths → the form's inputs. */
export const requestApiFields: Readonly<Record<string, string>> = {
  'when.date': 'date',
  'when.from': 'from',
  'when.to': 'to',
  when: 'whenKind',
  'where.address': 'address',
  where: 'whereKind',
  'onBehalfOf.fullName': 'fullName',
  'onBehalfOf.fullNameKana': 'fullNameKana',
  'onBehalfOf.phone': 'phone',
  'onBehalfOf.address': 'residentAddress',
  'onBehalfOf.consentByPhone': 'consentByPhone',
  onBehalfOf: 'fullName',
};

export function readRequestValues(data: FormData): RequestFormValues {
  return {
    category: textField(data, 'category'),
    whenKind: textField(data, 'whenKind'),
    date: textField(data, 'date').trim(),
    from: textField(data, 'from'),
    to: textField(data, 'to'),
    whereKind: textField(data, 'whereKind'),
    address: textField(data, 'address').trim(),
    peopleNeeded: textField(data, 'peopleNeeded'),
    urgency: textField(data, 'urgency') || 'normal',
    notes: textField(data, 'notes').trim(),
    sensitiveNotes: textField(data, 'sensitiveNotes').trim(),
    sensitiveConsent: checkboxField(data, 'sensitiveConsent'),
  };
}

export function readProxyValues(data: FormData): ProxyFormValues {
  return {
    fullName: textField(data, 'fullName').trim(),
    fullNameKana: textField(data, 'fullNameKana').trim(),
    phone: textField(data, 'phone').trim(),
    residentAddress: textField(data, 'residentAddress').trim(),
    consentByPhone: checkboxField(data, 'consentByPhone'),
  };
}

/** The form's Idempotency-Key (made when the form was shown), or a fresh one if it is odd. */
export function idempotencyKeyOf(data: FormData): string {
  const key = textField(data, 'idempotencyKey');
  return /^[\w-]{8,100}$/.test(key) ? key : crypto.randomUUID();
}

const people = (value: string) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : null;
};

/** The common slips of the three steps, in the page's language. */
export function checkRequest(
  values: RequestFormValues,
  locale: Locale,
  errors: FormErrors<RequestField | ProxyField>,
  today = japanDate(),
): void {
  const set = (field: RequestField, message: string) => {
    errors.fields[field] ??= message;
  };
  if (!isCategory(values.category)) set('category', t(locale, 'validation.category'));

  if (values.whenKind !== 'asap' && values.whenKind !== 'window') {
    set('whenKind', t(locale, 'validation.whenKind'));
  } else if (values.whenKind === 'window') {
    if (!ISO_DATE.test(values.date) || Number.isNaN(Date.parse(values.date))) {
      set('date', t(locale, 'validation.date'));
    } else if (values.date < today) {
      set('date', t(locale, 'validation.datePast'));
    }
    if (!windowTimes.includes(values.from)) set('from', t(locale, 'validation.time'));
    if (!windowTimes.includes(values.to)) set('to', t(locale, 'validation.time'));
    else if (values.from >= values.to) set('to', t(locale, 'validation.timeOrder'));
  }

  if (values.whereKind !== 'profile' && values.whereKind !== 'other') {
    set('whereKind', t(locale, 'validation.whereKind'));
  } else if (values.whereKind === 'other') {
    if (values.address === '') {
      set('address', t(locale, 'validation.required', { field: t(locale, 'ask.address') }));
    } else if (values.address.length > ADDRESS_MAX) {
      set('address', t(locale, 'validation.tooLong', { field: t(locale, 'ask.address') }));
    }
  }

  if (people(values.peopleNeeded) === null) set('peopleNeeded', t(locale, 'validation.people'));
  if (!isUrgency(values.urgency)) set('urgency', t(locale, 'validation.urgency'));
  if (values.notes.length > NOTE_MAX) {
    set('notes', t(locale, 'validation.tooLong', { field: t(locale, 'ask.notes') }));
  }
  if (values.sensitiveNotes.length > NOTE_MAX) {
    set(
      'sensitiveNotes',
      t(locale, 'validation.tooLong', { field: t(locale, 'ask.sensitiveNotes') }),
    );
  } else if (values.sensitiveNotes !== '' && !values.sensitiveConsent) {
    set('sensitiveConsent', t(locale, 'validation.sensitiveConsent'));
  }
}

/** The common slips of the caller's details (phone intake). */
export function checkProxy(
  values: ProxyFormValues,
  locale: Locale,
  errors: FormErrors<RequestField | ProxyField>,
): void {
  const required = (field: ProxyField, label: Parameters<typeof t>[1]) => {
    errors.fields[field] ??= t(locale, 'validation.required', { field: t(locale, label) });
  };
  if (values.fullName === '') required('fullName', 'coord.intake.fullName');
  if (values.fullNameKana === '') required('fullNameKana', 'coord.intake.kana');
  if (values.phone === '') required('phone', 'coord.intake.phone');
  else if (!PHONE.test(values.phone)) errors.fields.phone = t(locale, 'validation.phone');
  if (values.residentAddress === '') required('residentAddress', 'coord.intake.address');
  if (!values.consentByPhone) errors.fields.consentByPhone = t(locale, 'validation.consentByPhone');
}

/** The API body for checked values (call `checkRequest` first). */
export function requestBody(
  values: RequestFormValues,
  onBehalfOf?: ProxyResident,
): CreateHelpRequestBody {
  const category = isCategory(values.category) ? values.category : 'other';
  const body: CreateHelpRequestBody = {
    category,
    when:
      values.whenKind === 'window'
        ? { kind: 'window', date: values.date, from: values.from, to: values.to }
        : { kind: 'asap' },
    where:
      values.whereKind === 'other'
        ? { kind: 'other', address: values.address }
        : { kind: 'profile' },
    peopleNeeded: people(values.peopleNeeded) ?? 1,
    urgency: isUrgency(values.urgency) ? values.urgency : 'normal',
    sensitiveConsent: values.sensitiveNotes !== '' && values.sensitiveConsent,
  };
  if (values.notes !== '') body.notes = values.notes;
  if (values.sensitiveNotes !== '') body.sensitiveNotes = values.sensitiveNotes;
  if (onBehalfOf) body.onBehalfOf = onBehalfOf;
  return body;
}

/** A resident registered by the coordinator who took the call. */
export function proxyResident(values: ProxyFormValues): ProxyResident {
  return {
    kind: 'new',
    fullName: values.fullName,
    fullNameKana: values.fullNameKana,
    phone: values.phone,
    address: values.residentAddress,
    consentByPhone: true,
  };
}
