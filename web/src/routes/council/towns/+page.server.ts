import { fail, redirect } from '@sveltejs/kit';
import type { TownImportResult, TownList } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { requireCouncilStaff } from '$lib/council/access.server';
import { apiGet, apiPost, apiPut } from '$lib/server/api';
import { allDistricts } from '$lib/server/districts';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { checkboxField, formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import { loaded, loginRedirectPath } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const townFields = ['town', 'kana', 'district', 'needsJo'] as const;
type TownField = (typeof townFields)[number];
const noLines: string[] = [];
/** The API's limit on the CSV text (TownImportBody). */
const MAX_CSV = 200_000;

export const load: PageServerLoad = async (event) => {
  requireCouncilStaff(event);
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 40);
  const edit = (event.url.searchParams.get('edit') ?? '').trim().slice(0, 40);
  const query = q ? `?q=${encodeURIComponent(q)}` : '';
  const { towns } = loaded(event, await apiGet<TownList>(event, `/api/council/towns${query}`));
  const flash = takeFlash(event);
  return {
    q,
    towns,
    editing: towns.find((row) => row.town === edit) ?? null,
    districts: await allDistricts(event),
    flash,
  };
};

export const actions: Actions = {
  save: async (event) => {
    requireCouncilStaff(event);
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const values = {
      town: textField(data, 'town'),
      kana: textField(data, 'kana'),
      district: textField(data, 'district'),
      needsJo: checkboxField(data, 'needsJo'),
    };
    const result = await apiPut<{ created: boolean }>(event, '/api/council/towns', values);
    if (result.ok) {
      flashRedirect(event, { notice: result.data.created ? 'added' : 'moved' });
    }
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { values, errors: summaryError<TownField>(t(locale, 'error.generic')) });
    }
    return fail(result.status, {
      values,
      errors: formErrorsFromApi(result.error, locale, townFields),
    });
  },

  import: async (event) => {
    requireCouncilStaff(event);
    const locale = event.locals.locale;
    const csv = textField(await event.request.formData(), 'csv');
    if (csv.trim() === '') {
      return fail(400, { csv, lines: noLines, csvError: t(locale, 'council.towns.csvEmpty') });
    }
    if (csv.length > MAX_CSV) {
      return fail(400, { csv: '', lines: noLines, csvError: t(locale, 'council.import.tooLong') });
    }
    const result = await apiPost<TownImportResult>(event, '/api/council/towns/import', { csv });
    if (result.ok) {
      flashRedirect(event, { notice: 'imported', n: String(result.data.imported) });
    }
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { csv, lines: noLines, csvError: t(locale, 'error.generic') });
    }
    const lines = (result.error.fields ?? []).map((entry) => entry.message[locale]);
    return fail(result.status, {
      csv,
      lines,
      csvError:
        lines.length > 0
          ? t(locale, 'council.import.fix', { n: lines.length })
          : result.error.message[locale],
    });
  },
};
