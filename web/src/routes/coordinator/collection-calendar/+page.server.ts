import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import { loaded, loginRedirectPath, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const fields = ['day', 'note'] as const;
type CollectionHolidayList = { holidays: { day: string; note: string }[] };
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const list = loaded(
    event,
    await apiGet<CollectionHolidayList>(event, '/api/collection-holidays'),
  );
  // What the last post did (Post/Redirect/Get: shown once); only a date is shown back.
  const flash = takeFlash(event);
  const day = (value: string | undefined) => (value && isoDate.test(value) ? value : null);
  return { holidays: list.holidays, saved: day(flash?.saved), removed: day(flash?.removed) };
};

export const actions: Actions = {
  /** Adds a day without collection, or renames one already there. */
  set: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const values = { day: textField(data, 'day').trim(), note: textField(data, 'note') };
    const result = await apiPost(event, '/api/collection-holidays', values);
    if (result.ok) flashRedirect(event, { saved: values.day });
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
  remove: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const day = textField(await event.request.formData(), 'day');
    const locale = event.locals.locale;
    if (!isoDate.test(day)) return fail(400, { actionError: t(locale, 'validation.date') });
    const result = await apiPost(event, `/api/collection-holidays/${day}/remove`);
    if (result.ok) flashRedirect(event, { removed: day });
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    return fail(result.status >= 500 ? 503 : result.status, {
      actionError: result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale],
    });
  },
};
