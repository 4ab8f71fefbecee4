import { error, fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { requireCouncilStaff } from '$lib/council/access.server';
import { fiscalYearName, takesNumber } from '$lib/council/format';
import type {
  IndicatorHistoryData,
  IndicatorListData,
  IndicatorValueEntryData,
} from '$lib/council/types';
import type { FormErrors } from '$lib/forms';
import { apiGet, apiPost, type ApiEvent } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, hasErrors, summaryError, textField } from '$lib/server/form-errors';
import { loaded, loginRedirectPath } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const fields = ['fiscalYear', 'value', 'valueText', 'note'] as const;
type Field = (typeof fields)[number];

async function indicatorOf(event: ApiEvent & Parameters<typeof loaded>[0], code: string) {
  const list = loaded(event, await apiGet<IndicatorListData>(event, '/api/council/indicators'));
  const indicator = list.indicators.find((i) => i.code === code);
  if (!indicator) error(404, { message: t(event.locals.locale, 'error.notFound') });
  return { indicator, currentFiscalYear: list.currentFiscalYear };
}

export const load: PageServerLoad = async (event) => {
  requireCouncilStaff(event);
  const code = event.params.id;
  const { indicator, currentFiscalYear } = await indicatorOf(event, code);
  const history = loaded(
    event,
    await apiGet<IndicatorHistoryData>(
      event,
      `/api/council/indicators/${encodeURIComponent(code)}/history`,
    ),
  );
  // The fiscal year just entered (Post/Redirect/Get: said once); a year the page knows only.
  const savedFy = Number(takeFlash(event)?.savedFy ?? Number.NaN);
  const saved = Number.isInteger(savedFy) && savedFy >= 2000 && savedFy <= 2100;
  return {
    indicator,
    currentFiscalYear,
    history,
    saved: saved ? { fiscalYear: fiscalYearName(savedFy, event.locals.locale) } : null,
  };
};

/** Full-width digits, thousands separators and spaces are fine: ５２５ → 525, 1,200 → 1200. */
function numberText(raw: string): string {
  return raw.normalize('NFKC').replace(/[,\s]/g, '');
}

export const actions: Actions = {
  default: async (event) => {
    requireCouncilStaff(event);
    const locale = event.locals.locale;
    const code = event.params.id;
    const { indicator } = await indicatorOf(event, code);
    const data = await event.request.formData();
    const values = {
      fiscalYear: textField(data, 'fiscalYear').trim(),
      value: textField(data, 'value').trim(),
      valueText: textField(data, 'valueText').trim(),
      note: textField(data, 'note').trim(),
    };
    const errors: FormErrors<Field> = { summary: null, fields: {} };
    let value: number | null = null;
    if (takesNumber(indicator)) {
      const text = numberText(values.value);
      if (text === '') errors.fields.value = t(locale, 'council.value.required');
      else if (!/^-?\d+(\.\d+)?$/.test(text))
        errors.fields.value = t(locale, 'council.value.number');
      else value = Number(text);
    } else if (values.valueText === '') {
      errors.fields.valueText = t(locale, 'council.valueText.required');
    }
    if (hasErrors(errors)) return fail(400, { values, errors });

    const result = await apiPost<IndicatorValueEntryData>(
      event,
      `/api/council/indicators/${encodeURIComponent(code)}/values`,
      {
        // The API validates the year (and says so on the field) if it is not a number.
        fiscalYear: /^\d+$/.test(values.fiscalYear) ? Number(values.fiscalYear) : values.fiscalYear,
        value,
        valueText: takesNumber(indicator) ? null : values.valueText,
        note: values.note === '' ? null : values.note,
      },
    );
    if (result.ok) flashRedirect(event, { savedFy: String(result.data.fiscalYear.fiscalYear) });
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { values, errors: summaryError<Field>(t(locale, 'error.generic')) });
    }
    return fail(result.status, {
      values,
      errors: formErrorsFromApi(result.error, locale, fields),
    });
  },
};
