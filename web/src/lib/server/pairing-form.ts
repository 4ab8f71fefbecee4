import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SeasonPairing } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { api, apiPost } from './api.ts';
import { formErrorsFromApi, summaryError, textField } from './form-errors.ts';
import { flashRedirect } from './flash.ts';
import { loginRedirectPath } from './guard.ts';

export interface PairingValues {
  helperId: string;
  role: string;
  metOn: string;
}

const pairingFields = ['helperId', 'role', 'metOn'] as const;

/** A coordinator records a pairing for the registration, from the form's helper, role and day. */
export async function submitPairing(event: RequestEvent, data: FormData) {
  const locale = event.locals.locale;
  const registrationId = textField(data, 'registrationId');
  const values: PairingValues = {
    helperId: textField(data, 'helperId'),
    role: textField(data, 'role'),
    metOn: textField(data, 'metOn').normalize('NFKC').trim(),
  };
  const result = await apiPost<{ pairing: SeasonPairing }>(
    event,
    `/api/winter-registrations/${encodeURIComponent(registrationId)}/pairings`,
    values,
  );
  if (result.ok) flashRedirect(event, { done: 'paired' });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  if (result.status >= 500) {
    return fail(503, {
      pairValues: values,
      pairErrors: summaryError<never>(t(locale, 'error.generic')),
    });
  }
  return fail(result.status, {
    pairValues: values,
    pairErrors: formErrorsFromApi(result.error, locale, pairingFields),
  });
}

/** Pause, resume or end a pairing from a form's `id`, `status` (the button) and `reason`. */
export async function submitPairingChange(event: RequestEvent, data: FormData) {
  const id = textField(data, 'id');
  const status = textField(data, 'status');
  const reason = textField(data, 'reason');
  const result = await api<{ pairing: SeasonPairing }>(
    event,
    'PATCH',
    `/api/season-pairings/${encodeURIComponent(id)}`,
    { status, ...(reason && status !== 'active' ? { reason } : {}) },
  );
  if (result.ok) flashRedirect(event, { pairingStatus: result.data.pairing.status });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  const locale = event.locals.locale;
  return fail(result.status >= 500 ? 503 : result.status, {
    actionError: result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale],
  });
}
