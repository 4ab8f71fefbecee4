import { fail, redirect } from '@sveltejs/kit';
import type { WeeklyRoutineList } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { checkedValues, formErrorsFromApi, textField } from '$lib/server/form-errors';
import { loaded, loginRedirectPath, requireRole } from '$lib/server/guard';
import { submitRoutineChange } from '$lib/server/routine-form';
import type { Actions, PageServerLoad } from './$types';

const fields = ['category', 'weekdays', 'from', 'until', 'collectionArea', 'startsOn', 'endsOn'];

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'resident', 'winter.residentOnly');
  const list = loaded(event, await apiGet<WeeklyRoutineList>(event, '/api/weekly-routines'));
  return { routines: list.routines };
};

export const actions: Actions = {
  create: async (event) => {
    requireRole(event, 'resident', 'winter.residentOnly');
    const data = await event.request.formData();
    const values = {
      category: textField(data, 'category') || 'rubbish',
      weekdays: checkedValues(data, 'weekdays'),
      from: textField(data, 'from'),
      until: textField(data, 'until'),
      collectionArea: textField(data, 'collectionArea'),
      startsOn: textField(data, 'startsOn').trim(),
      endsOn: textField(data, 'endsOn').trim(),
    };
    const result = await apiPost(event, '/api/weekly-routines', {
      category: values.category,
      weekdays: values.weekdays,
      from: values.from,
      until: values.until,
      ...(values.collectionArea.trim() ? { collectionArea: values.collectionArea } : {}),
      startsOn: values.startsOn,
      ...(values.endsOn ? { endsOn: values.endsOn } : {}),
    });
    if (result.ok) return { created: true as const };
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    const locale = event.locals.locale;
    if (result.status >= 500) {
      return fail(503, { values, actionError: t(locale, 'error.generic') });
    }
    return fail(result.status, {
      values,
      errors: formErrorsFromApi(result.error, locale, fields),
    });
  },
  change: async (event) => {
    requireRole(event, 'resident', 'winter.residentOnly');
    return submitRoutineChange(event);
  },
};
