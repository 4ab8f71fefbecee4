import { fail, redirect } from '@sveltejs/kit';
import type { InsuranceRecorded, InsuranceRoster } from '@sasaeai/contracts';
import type { FormErrors } from '$lib/forms';
import { t } from '$lib/i18n';
import { api, apiGet, apiPost, apiPut } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { checkedValues, formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import { actionFailed, idField, loaded, loginRedirectPath, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const fields = ['volunteerIds', 'planId', 'enrolledOn'] as const;
type Field = (typeof fields)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const roster = loaded(event, await apiGet<InsuranceRoster>(event, '/api/volunteers/insurance'));
  return { roster, flash: takeFlash(event) };
};

export const actions: Actions = {
  /** Enrols every ticked volunteer for this fiscal year, all or none. */
  record: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const values = {
      volunteerIds: checkedValues(data, 'volunteerIds').filter((id) => UUID.test(id)),
      planId: textField(data, 'planId'),
      enrolledOn: textField(data, 'enrolledOn').trim(),
    };
    if (values.volunteerIds.length === 0) {
      const errors: FormErrors<Field> = {
        summary: null,
        fields: { volunteerIds: t(locale, 'insurance.pickSomeone') },
      };
      return fail(400, { values, errors });
    }
    const result = await apiPost<InsuranceRecorded>(event, '/api/volunteers/insurance/enrolments', {
      ...values,
      fiscalYear: Number(textField(data, 'fiscalYear')),
    });
    if (result.ok) {
      flashRedirect(event, { notice: 'recorded', count: String(result.data.recorded) });
    }
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { values, errors: summaryError<Field>(t(locale, 'error.generic')) });
    }
    return fail(result.status, { values, errors: formErrorsFromApi(result.error, locale, fields) });
  },

  /** Corrects one enrolment's plan and date. */
  correct: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const id = idField(data, 'id');
    if (!id) return fail(400, { actionError: t(event.locals.locale, 'error.notFound') });
    const result = await apiPut<null>(event, `/api/volunteers/insurance/enrolments/${id}`, {
      planId: textField(data, 'planId'),
      enrolledOn: textField(data, 'enrolledOn').trim(),
    });
    if (result.ok) flashRedirect(event, { notice: 'corrected' });
    return actionFailed(event, result, { failedId: id });
  },

  /** Removes an enrolment recorded in error. */
  remove: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const id = idField(data, 'id');
    if (!id) return fail(400, { actionError: t(event.locals.locale, 'error.notFound') });
    const result = await api<null>(event, 'DELETE', `/api/volunteers/insurance/enrolments/${id}`);
    if (result.ok) flashRedirect(event, { notice: 'removed' });
    return actionFailed(event, result, { failedId: id });
  },
};
