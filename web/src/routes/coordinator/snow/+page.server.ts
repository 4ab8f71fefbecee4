import { fail, redirect } from '@sveltejs/kit';
import type { DeclareSnowEventResponse, SnowBoard } from '@sasaeai/contracts';
import { japanDate } from '$lib/help';
import { t } from '$lib/i18n';
import { apiGet, apiPost, type ApiEvent } from '$lib/server/api';
import { coordinatedDistricts } from '$lib/server/districts';
import { flashRedirect, takeFlash, type Flash } from '$lib/server/flash';
import { checkedValues, formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import { loaded, loginRedirectPath, requireRole } from '$lib/server/guard';
import type { FormErrors } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

const fields = ['districts', 'cm', 'observedOn'] as const;
type SnowField = (typeof fields)[number];

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** What the last declaration did, read back from its one-time notice (numbers and a date only). */
function declaredOnce(flash: Flash | null) {
  const count = (value: string | undefined) =>
    value && /^\d{1,6}$/.test(value) ? Number(value) : 0;
  if (!flash?.observedOn || !isoDate.test(flash.observedOn)) return null;
  return {
    observedOn: flash.observedOn,
    cm: count(flash.cm),
    created: count(flash.created),
    alreadyExisted: count(flash.alreadyExisted),
    tooLate: count(flash.tooLate),
  };
}

function boardOf(event: ApiEvent, date: string) {
  return apiGet<SnowBoard>(event, `/api/snow-events/board?date=${encodeURIComponent(date)}`);
}

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const wanted = event.url.searchParams.get('date') ?? '';
  const date = isoDate.test(wanted) ? wanted : japanDate();
  const choices = await coordinatedDistricts(event, user);
  const board = loaded(event, await boardOf(event, date));
  return { choices, date, today: japanDate(), board, declared: declaredOnce(takeFlash(event)) };
};

export const actions: Actions = {
  declare: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const values = {
      districts: checkedValues(data, 'districts'),
      cm: textField(data, 'cm').trim(),
      observedOn: textField(data, 'observedOn').trim(),
    };
    const errors: FormErrors<SnowField> = { summary: null, fields: {} };
    const cmText = values.cm.normalize('NFKC');
    const cm = /^\d+$/.test(cmText) ? Number(cmText) : NaN;
    if (values.districts.length === 0)
      errors.fields.districts = t(locale, 'snow.validation.districts');
    if (!(cm >= 1 && cm <= 500)) {
      errors.fields.cm = t(locale, 'validation.number', {
        field: t(locale, 'snow.cm'),
        min: 1,
        max: 500,
      });
    }
    if (!isoDate.test(values.observedOn)) errors.fields.observedOn = t(locale, 'validation.date');
    if (Object.keys(errors.fields).length > 0) return fail(400, { values, errors });

    const result = await apiPost<DeclareSnowEventResponse>(event, '/api/snow-events', {
      districts: values.districts,
      cm,
      observedOn: values.observedOn,
    });
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (!result.ok) {
      if (result.status >= 500) {
        return fail(503, { values, errors: summaryError<SnowField>(t(locale, 'error.generic')) });
      }
      return fail(result.status, {
        values,
        errors: formErrorsFromApi(result.error, locale, fields),
      });
    }
    // Post/Redirect/Get: the board of the day declared, with the outcome said once.
    const { created, alreadyExisted, tooLate } = result.data;
    flashRedirect(
      event,
      Object.fromEntries(
        Object.entries({ observedOn: values.observedOn, cm, created, alreadyExisted, tooLate }).map(
          ([key, value]) => [key, String(value)],
        ),
      ),
      `${event.url.pathname}?date=${values.observedOn}`,
    );
  },
};
