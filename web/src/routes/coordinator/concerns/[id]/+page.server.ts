import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { ConcernCaseView } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { api, apiGet } from '$lib/server/api';
import { requireCaseReader } from '$lib/server/concern-cases';
import { allDistricts } from '$lib/server/districts';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import { idField, loaded, loginRedirectPath } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const apiPath = (id: string) => `/api/concerns/${encodeURIComponent(id)}` as const;

export const load: PageServerLoad = async (event) => {
  requireCaseReader(event);
  const [result, districts] = await Promise.all([
    apiGet<ConcernCaseView>(event, apiPath(event.params.id)),
    allDistricts(event),
  ]);
  const view = loaded(event, result);
  return { ...view, districts, notice: takeFlash(event)?.notice ?? null };
};

type Which = 'note' | 'case' | 'referral' | `referral-${string}`;

/**
 * Sends one form's body; on success Post/Redirect/Get with a notice, otherwise the form again
 * with its values and its field errors (ja/en from the API), marked with which form it was.
 */
async function send(
  event: RequestEvent<{ id: string }>,
  which: Which,
  method: 'POST' | 'PATCH',
  path: `/api/${string}`,
  body: Record<string, unknown>,
  values: Record<string, string>,
  fields: readonly string[],
  notice: string,
) {
  const result = await api(event, method, path, body);
  if (result.ok) flashRedirect(event, { notice });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  const locale = event.locals.locale;
  const errors =
    result.status >= 500
      ? summaryError(t(locale, 'error.generic'))
      : formErrorsFromApi(result.error, locale, fields);
  return fail(result.status >= 500 ? 503 : result.status, { which, values, errors });
}

/** A date input's value: empty clears the date (null). */
const dateOrNull = (value: string) => (value === '' ? null : value);

export const actions: Actions = {
  note: async (event) => {
    requireCaseReader(event);
    const data = await event.request.formData();
    const values = { text: textField(data, 'text'), kind: textField(data, 'kind') || 'note' };
    return send(
      event,
      'note',
      'POST',
      `${apiPath(event.params.id)}/notes`,
      values,
      values,
      ['text', 'kind'],
      'noteAdded',
    );
  },

  case: async (event) => {
    requireCaseReader(event);
    const data = await event.request.formData();
    const values = { status: textField(data, 'status'), followUpOn: textField(data, 'followUpOn') };
    return send(
      event,
      'case',
      'PATCH',
      apiPath(event.params.id),
      { status: values.status, followUpOn: dateOrNull(values.followUpOn) },
      values,
      ['status', 'followUpOn'],
      'caseSaved',
    );
  },

  referral: async (event) => {
    requireCaseReader(event);
    const data = await event.request.formData();
    const values = {
      to: textField(data, 'to'),
      note: textField(data, 'note'),
      followUpOn: textField(data, 'followUpOn'),
    };
    return send(
      event,
      'referral',
      'POST',
      `${apiPath(event.params.id)}/referrals`,
      {
        to: values.to,
        ...(values.note.trim() !== '' ? { note: values.note } : {}),
        followUpOn: dateOrNull(values.followUpOn),
      },
      values,
      ['to', 'note', 'followUpOn'],
      'referralAdded',
    );
  },

  updateReferral: async (event) => {
    requireCaseReader(event);
    const data = await event.request.formData();
    const referralId = idField(data, 'referralId');
    if (!referralId) {
      return fail(400, {
        which: 'referral-' as Which,
        values: {},
        errors: summaryError(t(event.locals.locale, 'error.generic')),
      });
    }
    const values = {
      status: textField(data, 'status'),
      note: textField(data, 'note'),
      followUpOn: textField(data, 'followUpOn'),
    };
    return send(
      event,
      `referral-${referralId}`,
      'PATCH',
      `${apiPath(event.params.id)}/referrals/${referralId}`,
      { status: values.status, note: values.note, followUpOn: dateOrNull(values.followUpOn) },
      values,
      ['status', 'note', 'followUpOn'],
      'referralUpdated',
    );
  },
};
