/** The add and edit forms of volunteer centres: read, check lightly, send, map API errors. */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { CentreStatus } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { centreName } from '$lib/plan-names';
import type { FormErrors } from '$lib/forms';
import { apiPost, apiPut } from '$lib/server/api';
import { formErrorsFromApi, hasErrors, summaryError, textField } from '$lib/server/form-errors';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { loginRedirectPath } from '$lib/server/guard';
import type { CentreData } from './types';

import { centreFields, type CentreField, type CentreValues } from './centre-form';

const statuses: readonly CentreStatus[] = ['planned', 'open', 'closed'];

function isStatus(value: string): value is CentreStatus {
  return (statuses as readonly string[]).includes(value);
}

/** The name of the centre the last form saved (Post/Redirect/Get: said once), if any. */
export function savedCentreName(event: RequestEvent, centres: CentreData[]): string | null {
  const id = takeFlash(event)?.savedCentre;
  const saved = centres.find((centre) => centre.id === id);
  return saved ? centreName(saved, event.locals.locale) : null;
}

export async function saveCentreAction(event: RequestEvent, id: string | null) {
  const locale = event.locals.locale;
  const data = await event.request.formData();
  const values: CentreValues = {
    district: textField(data, 'district').trim(),
    name: textField(data, 'name').trim(),
    nameEn: textField(data, 'nameEn').trim(),
    status: textField(data, 'status').trim(),
    openedOn: textField(data, 'openedOn').trim(),
    closedOn: textField(data, 'closedOn').trim(),
    phone: textField(data, 'phone').trim(),
    hoursJa: textField(data, 'hoursJa').trim(),
    hoursEn: textField(data, 'hoursEn').trim(),
  };
  const errors: FormErrors<CentreField> = { summary: null, fields: {} };
  if (values.name === '') errors.fields.name = t(locale, 'council.centre.nameRequired');
  // A new centre may leave it blank (the API names it after its district); an edit may not.
  if (id !== null && values.nameEn === '') {
    errors.fields.nameEn = t(locale, 'council.centre.nameEnRequired');
  }
  if (!isStatus(values.status)) errors.fields.status = t(locale, 'council.centre.statusRequired');
  if (hasErrors(errors)) return fail(400, { values, errors, editing: id });

  const body = {
    district: values.district,
    name: values.name,
    ...(values.nameEn === '' ? {} : { nameEn: values.nameEn }),
    status: values.status,
    openedOn: values.openedOn === '' ? null : values.openedOn,
    closedOn: values.closedOn === '' ? null : values.closedOn,
    // An emptied field removes the phone or hours; the API checks the rest (digits, length).
    phone: values.phone === '' ? null : values.phone,
    hoursJa: values.hoursJa === '' ? null : values.hoursJa,
    hoursEn: values.hoursEn === '' ? null : values.hoursEn,
  };
  const result = id
    ? await apiPut<CentreData>(event, `/api/council/centres/${encodeURIComponent(id)}`, body)
    : await apiPost<CentreData>(event, '/api/council/centres', body);
  if (result.ok) flashRedirect(event, { savedCentre: result.data.id });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  if (result.status >= 500) {
    return fail(503, {
      values,
      editing: id,
      errors: summaryError<CentreField>(t(locale, 'error.generic')),
    });
  }
  return fail(result.status, {
    values,
    editing: id,
    errors: formErrorsFromApi(result.error, locale, centreFields),
  });
}
