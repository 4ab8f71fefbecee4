import { fail, redirect } from '@sveltejs/kit';
import type { HelpRequestView } from '@sasaeai/contracts';
import { japanDate } from '$lib/help';
import { t } from '$lib/i18n';
import { requestFields, type RequestFormErrors } from '$lib/request-form';
import { apiGet, apiPost } from '$lib/server/api';
import {
  formErrorsFromApi,
  hasErrors,
  remapApiFields,
  summaryError,
} from '$lib/server/form-errors';
import { hasRole, loginRedirectPath, requireUser } from '$lib/server/guard';
import {
  checkRequest,
  idempotencyKeyOf,
  readRequestValues,
  requestApiFields,
  requestBody,
} from '$lib/server/request-form';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { addedRole, addRoleAction } from '$lib/server/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const isResident = hasRole(user, 'resident');
  const profile = isResident
    ? await apiGet<{ profile: { address: string | null } }>(event, '/api/me/resident-profile')
    : null;
  return {
    isResident,
    profileAddress: profile?.ok ? profile.data.profile.address : null,
    // One key per form shown: a double or retried submission makes one request, not two.
    idempotencyKey: crypto.randomUUID(),
    minDate: japanDate(),
    // After 「利用者としても 登録する」: said once, above the request form it opened.
    roleAdded: addedRole(takeFlash(event)),
  };
};

export const actions: Actions = {
  ask: async (event) => {
    requireUser(event);
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const values = readRequestValues(data);
    const idempotencyKey = idempotencyKeyOf(data);

    const errors: RequestFormErrors = { summary: null, fields: {} };
    checkRequest(values, locale, errors);
    if (hasErrors(errors)) return fail(400, { values, errors, idempotencyKey });

    const result = await apiPost<{ request: HelpRequestView }>(
      event,
      '/api/help-requests',
      requestBody(values),
      { headers: { 'idempotency-key': idempotencyKey } },
    );
    if (result.ok)
      flashRedirect(event, { notice: 'created' }, `/requests/${result.data.request.id}`);
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, {
        values,
        idempotencyKey,
        errors: summaryError(t(locale, 'error.generic')),
      });
    }
    const apiErrors: RequestFormErrors = formErrorsFromApi(
      remapApiFields(result.error, requestApiFields),
      locale,
      requestFields,
    );
    return fail(result.status, { values, idempotencyKey, errors: apiErrors });
  },

  /** Someone signed in only as a helper becomes a resident too, then asks. */
  addRole: addRoleAction,
};
