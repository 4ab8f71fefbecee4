import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { apiPost } from './api.ts';
import { checkedValues, formErrorsFromApi, textField } from './form-errors.ts';
import { flashRedirect, type Flash } from './flash.ts';
import { idField, loginRedirectPath } from './guard.ts';

/** What the last routine form post did, shown once after its redirect (Post/Redirect/Get). */
export function routineNotice(flash: Flash | null): 'created' | 'changed' | null {
  const done = flash?.routine;
  return done === 'created' || done === 'changed' ? done : null;
}

/**
 * A routine card's form (RoutineCards.svelte): pause, resume, end, or skip one date. The API
 * checks who may change the routine (its resident, or a coordinator of their district).
 */
export async function submitRoutineChange(event: RequestEvent) {
  const data = await event.request.formData();
  const locale = event.locals.locale;
  const id = idField(data, 'id');
  const change = textField(data, 'change');
  if (!id || !['pause', 'resume', 'end', 'skip'].includes(change)) {
    return fail(400, { actionError: t(locale, 'error.generic') });
  }
  const path =
    change === 'skip'
      ? (`/api/weekly-routines/${id}/skips` as const)
      : (`/api/weekly-routines/${id}/${change}` as const);
  const result = await apiPost(
    event,
    path,
    change === 'skip' ? { day: textField(data, 'day') } : {},
  );
  if (result.ok) flashRedirect(event, { routine: 'changed' });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  return fail(result.status >= 500 ? 503 : result.status, {
    actionError: result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale],
  });
}

const fields = ['category', 'weekdays', 'from', 'until', 'collectionArea', 'startsOn', 'endsOn'];

/**
 * The new-routine form (RoutineForm.svelte): for oneself, or — a coordinator — for `residentId`,
 * whom the API checks to be a resident of the coordinator's districts.
 */
export async function submitRoutine(event: RequestEvent, residentId?: string) {
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
    ...(residentId ? { residentId } : {}),
    category: values.category,
    weekdays: values.weekdays,
    from: values.from,
    until: values.until,
    ...(values.collectionArea.trim() ? { collectionArea: values.collectionArea } : {}),
    startsOn: values.startsOn,
    ...(values.endsOn ? { endsOn: values.endsOn } : {}),
  });
  if (result.ok) flashRedirect(event, { routine: 'created' });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  const locale = event.locals.locale;
  if (result.status >= 500) {
    return fail(503, { values, actionError: t(locale, 'error.generic') });
  }
  return fail(result.status, {
    values,
    errors: formErrorsFromApi(result.error, locale, fields),
  });
}
