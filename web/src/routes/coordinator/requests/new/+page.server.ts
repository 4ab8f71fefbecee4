import { fail, redirect } from '@sveltejs/kit';
import type { DuplicateSuggestions, HelpRequestView, ResidentRow } from '@sasaeai/contracts';
import { japanDate } from '$lib/help';
import { t } from '$lib/i18n';
import { proxyFields, requestFields, type RequestFormErrors } from '$lib/request-form';
import { apiPost } from '$lib/server/api';
import { flashRedirect } from '$lib/server/flash';
import {
  checkboxField,
  formErrorsFromApi,
  hasErrors,
  remapApiFields,
  summaryError,
  textField,
} from '$lib/server/form-errors';
import { loginRedirectPath, requireRole } from '$lib/server/guard';
import { chosenResident, duplicatesOfCaller, searchRegister } from '$lib/server/intake-register';
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

/** Search the register first (`q`); `resident` is the one chosen from it. */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const q = event.url.searchParams.get('q') ?? '';
  const chosen = await chosenResident(event, event.url.searchParams.get('resident'));
  return {
    idempotencyKey: crypto.randomUUID(),
    minDate: japanDate(),
    q: q.slice(0, 200),
    chosen,
    ...(chosen ? { residents: null, searchError: null } : await searchRegister(event, q)),
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const caller = readProxyValues(data);
    const values = readRequestValues(data);
    const idempotencyKey = idempotencyKeyOf(data);
    // "Use this resident" on a suggested duplicate, or the one chosen from the register.
    const residentId = textField(data, 'useResident') || textField(data, 'residentId') || null;
    const chosen: ResidentRow | null = await chosenResident(event, residentId);
    const keep = { caller, values, idempotencyKey, chosen };

    const errors: RequestFormErrors = { summary: null, fields: {} };
    if (!chosen) checkProxy(caller, locale, errors);
    checkRequest(values, locale, errors);
    if (hasErrors(errors)) return fail(400, { ...keep, errors });

    if (!chosen && !checkboxField(data, 'notDuplicate')) {
      const duplicates: DuplicateSuggestions['residents'] = await duplicatesOfCaller(event, caller);
      if (duplicates.length > 0) {
        return fail(409, {
          ...keep,
          duplicates,
          errors: summaryError<(typeof fields)[number]>(t(locale, 'intake.duplicatesTitle')),
        });
      }
    }

    const result = await apiPost<{ request: HelpRequestView }>(
      event,
      '/api/help-requests',
      requestBody(
        values,
        chosen ? { kind: 'existing', residentId: chosen.id } : proxyResident(caller),
      ),
      { headers: { 'idempotency-key': idempotencyKey } },
    );
    if (result.ok) {
      flashRedirect(
        event,
        { notice: 'created' },
        `/coordinator/requests/${result.data.request.id}`,
      );
    }
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { ...keep, errors: summaryError(t(locale, 'error.generic')) });
    }
    // "Where: the caller's address" that names no district is the caller's address field.
    const map =
      values.whereKind === 'profile' && !chosen
        ? { ...requestApiFields, where: 'residentAddress' }
        : requestApiFields;
    const apiErrors: RequestFormErrors = formErrorsFromApi(
      remapApiFields(result.error, map),
      locale,
      fields,
    );
    return fail(result.status, { ...keep, errors: apiErrors });
  },
};
