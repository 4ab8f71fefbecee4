import { fail, redirect } from '@sveltejs/kit';
import type { ConcernList, ConcernStatus } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { caseStatuses } from '$lib/concern-cases';
import { api, apiGet } from '$lib/server/api';
import { requireCaseReader } from '$lib/server/concern-cases';
import { coordinatedDistricts } from '$lib/server/districts';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import { loaded, loginRedirectPath, requireUser } from '$lib/server/guard';
import { pageParam } from '$lib/server/paging';
import type { Actions, PageServerLoad } from './$types';

/** 見守りケース: the cases of the caller's districts, overdue follow-ups first, by status. */
export const load: PageServerLoad = async (event) => {
  const { manages } = requireCaseReader(event);
  const asked = event.url.searchParams.get('status') ?? '';
  const status = (caseStatuses as readonly string[]).includes(asked)
    ? (asked as ConcernStatus)
    : null;
  const page = pageParam(event.url);
  const query = new URLSearchParams({ ...(status ? { status } : {}), page: String(page) });
  const { concerns, hasMore } = loaded(
    event,
    await apiGet<ConcernList>(event, `/api/concerns?${query.toString()}`),
  );
  // A coordinator records a 相談 received outside any case for one of their districts.
  const districts = manages ? await coordinatedDistricts(event, requireUser(event)) : [];
  return {
    concerns,
    page,
    hasMore,
    status,
    manages,
    districts,
    notice: takeFlash(event)?.notice ?? null,
  };
};

export const actions: Actions = {
  consultation: async (event) => {
    requireCaseReader(event);
    const data = await event.request.formData();
    const values = { district: textField(data, 'district'), summary: textField(data, 'summary') };
    const result = await api(
      event,
      'POST',
      `/api/concerns/consultations/${encodeURIComponent(values.district)}`,
      { summary: values.summary },
    );
    if (result.ok) flashRedirect(event, { notice: 'consultationRecorded' });
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    const locale = event.locals.locale;
    const errors =
      result.status >= 500
        ? summaryError(t(locale, 'error.generic'))
        : formErrorsFromApi(result.error, locale, ['district', 'summary']);
    return fail(result.status >= 500 ? 503 : result.status, { values, errors });
  },
};
