import { fail, redirect } from '@sveltejs/kit';
import type { WinterFeeClass, WinterFeeClassList } from '@sasaeai/contracts';
import { japanDate } from '$lib/help';
import { t } from '$lib/i18n';
import { apiGet, apiPost, apiPut } from '$lib/server/api';
import { coordinatedDistricts } from '$lib/server/districts';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { checkboxField, formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import { idField, loaded, loginRedirectPath, requireRole } from '$lib/server/guard';
import { seasonParam, yenInput } from '$lib/winter-fees';
import type { Actions, PageServerLoad } from './$types';

const fields = ['code', 'nameJa', 'nameEn', 'seasonFeeYen'] as const;

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const [classes, districts] = await Promise.all([
    apiGet<WinterFeeClassList>(event, '/api/winter-fees/classes'),
    coordinatedDistricts(event, user),
  ]);
  return {
    classes: loaded(event, classes).classes,
    districts,
    season: seasonParam(event.url, japanDate()),
    saved: takeFlash(event)?.saved ?? null,
  };
};

export const actions: Actions = {
  /** Adds a class (no id) or saves one (its id): the same fields either way. */
  save: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const id = idField(data, 'id');
    const values = {
      id,
      code: textField(data, 'code'),
      nameJa: textField(data, 'nameJa'),
      nameEn: textField(data, 'nameEn'),
      seasonFeeYen: textField(data, 'seasonFeeYen'),
      active: id ? checkboxField(data, 'active') : true,
    };
    const body = { ...values, id: undefined, seasonFeeYen: yenInput(values.seasonFeeYen) };
    const result = id
      ? await apiPut<WinterFeeClass>(event, `/api/winter-fees/classes/${id}`, body)
      : await apiPost<WinterFeeClass>(event, '/api/winter-fees/classes', body);
    if (result.ok) flashRedirect(event, { saved: result.data.code });
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    const locale = event.locals.locale;
    if (result.status >= 500) {
      return fail(503, {
        values,
        errors: summaryError<(typeof fields)[number]>(t(locale, 'error.generic')),
      });
    }
    return fail(result.status, { values, errors: formErrorsFromApi(result.error, locale, fields) });
  },
};
