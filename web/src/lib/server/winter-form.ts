import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { WinterRegistration } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { winterFields, type WinterFormErrors, type WinterValues } from '$lib/winter-form';
import { apiPost } from './api.ts';
import {
  checkboxField,
  formErrorsFromApi,
  hasErrors,
  summaryError,
  textField,
} from './form-errors.ts';
import { flashRedirect } from './flash.ts';
import { loginRedirectPath } from './guard.ts';

export function readWinterValues(data: FormData): WinterValues {
  return {
    frontageMetres: textField(data, 'frontageMetres').trim(),
    clearPath: checkboxField(data, 'clearPath'),
    roofFall: checkboxField(data, 'roofFall'),
    readyFrom: textField(data, 'readyFrom'),
    readyBy: textField(data, 'readyBy'),
    thresholdCm: textField(data, 'thresholdCm').trim(),
    accessNotes: textField(data, 'accessNotes'),
    validFrom: textField(data, 'validFrom').trim(),
    validUntil: textField(data, 'validUntil').trim(),
  };
}

/** Full-width digits (ｌ０．５) are read as the digits people meant. */
function numberOf(text: string): number {
  const plain = text.normalize('NFKC');
  return /^\d+(\.\d+)?$/.test(plain) ? Number(plain) : NaN;
}

/**
 * Sends the registration (for `residentId` when a coordinator registers on someone's behalf).
 * Numbers that cannot be read are caught here; every other rule is the API's, whose field
 * errors land on the inputs.
 */
export async function submitWinter(event: RequestEvent, values: WinterValues, residentId?: string) {
  const locale = event.locals.locale;
  const errors: WinterFormErrors = { summary: null, fields: {} };
  const frontageMetres = numberOf(values.frontageMetres);
  const thresholdCm = numberOf(values.thresholdCm);
  if (!(frontageMetres >= 0.5 && frontageMetres <= 50)) {
    errors.fields.frontageMetres = t(locale, 'validation.number', {
      field: t(locale, 'winter.frontage'),
      min: 0.5,
      max: 50,
    });
  }
  if (!(Number.isInteger(thresholdCm) && thresholdCm >= 1 && thresholdCm <= 100)) {
    errors.fields.thresholdCm = t(locale, 'validation.number', {
      field: t(locale, 'winter.threshold'),
      min: 1,
      max: 100,
    });
  }
  if (hasErrors(errors)) return fail(400, { values, errors });

  const result = await apiPost<{ registration: WinterRegistration }>(
    event,
    '/api/winter-registrations',
    {
      frontageMetres,
      clearPath: values.clearPath,
      roofFall: values.roofFall,
      readyFrom: values.readyFrom,
      readyBy: values.readyBy,
      thresholdCm,
      ...(values.accessNotes.trim() ? { accessNotes: values.accessNotes } : {}),
      ...(values.validFrom ? { validFrom: values.validFrom } : {}),
      ...(values.validUntil ? { validUntil: values.validUntil } : {}),
      ...(residentId ? { residentId } : {}),
    },
  );
  if (result.ok) flashRedirect(event, { done: 'registered' });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  if (result.status >= 500) {
    return fail(503, { values, errors: summaryError<never>(t(locale, 'error.generic')) });
  }
  return fail(result.status, {
    values,
    errors: formErrorsFromApi(result.error, locale, winterFields),
  });
}

/** Pause, resume or end a registration from a form's `id` and `status`. */
export async function submitWinterStatus(event: RequestEvent, data: FormData) {
  const id = textField(data, 'id');
  const status = textField(data, 'status');
  const result = await apiPost<{ registration: WinterRegistration }>(
    event,
    `/api/winter-registrations/${encodeURIComponent(id)}/status`,
    { status },
  );
  if (result.ok) flashRedirect(event, { winterStatus: result.data.registration.status });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  const locale = event.locals.locale;
  return fail(result.status >= 500 ? 503 : result.status, {
    actionError: result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale],
  });
}
