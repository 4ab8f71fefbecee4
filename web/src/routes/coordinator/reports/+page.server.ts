import { error } from '@sveltejs/kit';
import type { CentreReport } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet } from '$lib/server/api';
import { allDistricts, coordinatedDistricts } from '$lib/server/districts';
import { hasRole, loaded, requireUser } from '$lib/server/guard';
import { monthOf } from '$lib/reports';
import type { PageServerLoad } from './$types';

const fieldNames = ['district', 'month', 'fy'] as const;
type FieldName = (typeof fieldNames)[number];

/** The centre's report: a month (default this one) or a fiscal year, from a GET form. */
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const admin = hasRole(user, 'admin');
  if (!admin && !hasRole(user, 'coordinator')) {
    error(403, { message: t(event.locals.locale, 'error.coordinatorOnly') });
  }
  const read = (name: FieldName) => event.url.searchParams.get(name)?.trim().slice(0, 40) ?? '';
  const filters = { district: read('district'), month: read('month'), fy: read('fy') };
  if (!filters.month && !filters.fy) filters.month = monthOf(new Date());
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  const [choices, result] = await Promise.all([
    admin ? allDistricts(event) : coordinatedDistricts(event, user),
    apiGet<CentreReport>(event, `/api/desk/reports?${query.toString()}`),
  ]);
  if (!result.ok && result.status === 400) {
    const fieldErrors: Partial<Record<FieldName, string>> = {};
    for (const entry of result.error.fields ?? []) {
      const name = entry.field.split('.')[1] as FieldName | undefined;
      if (name && fieldNames.includes(name))
        fieldErrors[name] ??= entry.message[event.locals.locale];
    }
    return { admin, choices, filters, fieldErrors, report: null };
  }
  return { admin, choices, filters, fieldErrors: {}, report: loaded(event, result) };
};
