import { fail, redirect } from '@sveltejs/kit';
import type { HelpRequestView } from '@sasaeai/contracts';
import { japanDate } from '$lib/help';
import { t } from '$lib/i18n';
import { proxyFields, requestFields, type RequestFormErrors } from '$lib/request-form';
import { apiPost } from '$lib/server/api';
import {
  formErrorsFromApi,
  hasErrors,
  remapApiFields,
  summaryError,
} from '$lib/server/form-errors';
import { loginRedirectPath, requireRole } from '$lib/server/guard';
import {
  checkProxy,
  checkRequest,
  idempotencyKeyOf,
  proxyResident,
  readProxyValues,
  readRequestValues,
  requestApiFields,
  requestBody,
} from '$lib/server/request-form';
import type { Actions, PageServerLoad } from './$types';

const fields = [...proxyFields, ...requestFields] as const;

export const load: PageServerLoad = (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  return { idempotencyKey: crypto.randomUUID(), minDate: japanDate() };
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const caller = readProxyValues(data);
    const values = readRequestValues(data);
    const idempotencyKey = idempotencyKeyOf(data);

    const errors: RequestFormErrors = { summary: null, fields: {} };
    checkProxy(caller, locale, errors);
    checkRequest(values, locale, errors);
    if (hasErrors(errors)) return fail(400, { caller, values, errors, idempotencyKey });

    const result = await apiPost<{ request: HelpRequestView }>(
      event,
      '/api/help-requests',
      requestBody(values, proxyResident(caller)),
      { headers: { 'idempotency-key': idempotencyKey } },
    );
    if (result.ok) redirect(303, `/coordinator/requests/${result.data.request.id}?created=1`);
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, {
        caller,
        values,
        idempotencyKey,
        errors: summaryError(t(locale, 'error.generic')),
      });
    }
    // "Where: the caller's address" that names no district is the caller's address field.
    const map =
      values.whereKind === 'profile'
        ? { ...requestApiFields, where: 'residentAddress' }
        : requestApiFields;
    const apiErrors: RequestFormErrors = formErrorsFromApi(
      remapApiFields(result.error, map),
      locale,
      fields,
    );
    return fail(result.status, { caller, values, idempotencyKey, errors: apiErrors });
  },
};
