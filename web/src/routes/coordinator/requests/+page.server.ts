import { error } from '@sveltejs/kit';
import type { DeskRequestPage } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet } from '$lib/server/api';
import { allDistricts, coordinatedDistricts } from '$lib/server/districts';
import { hasRole, loaded, requireUser } from '$lib/server/guard';
import { deskFilterNames, type DeskFilterName } from '$lib/desk';
import type { PageServerLoad } from './$types';

/** The requests desk: the filters of the GET form go to the API as they came (empty = none). */
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const admin = hasRole(user, 'admin');
  if (!admin && !hasRole(user, 'coordinator')) {
    error(403, { message: t(event.locals.locale, 'error.coordinatorOnly') });
  }
  const filters = Object.fromEntries(
    deskFilterNames.map((name) => [name, event.url.searchParams.get(name)?.slice(0, 200) ?? '']),
  ) as Record<DeskFilterName, string>;
  const query = new URLSearchParams(
    Object.entries(filters).filter(([, value]) => value.trim() !== ''),
  );
  const [choices, result] = await Promise.all([
    admin ? allDistricts(event) : coordinatedDistricts(event, user),
    apiGet<DeskRequestPage>(event, `/api/desk/requests?${query.toString()}`),
  ]);
  if (!result.ok && result.status === 400) {
    // A filter the API refused: the form shows why beside the field, and no rows.
    const fieldErrors: Partial<Record<DeskFilterName, string>> = {};
    for (const entry of result.error.fields ?? []) {
      const name = entry.field.split('.')[1] as DeskFilterName | undefined;
      if (name && deskFilterNames.includes(name)) {
        fieldErrors[name] ??= entry.message[event.locals.locale];
      }
    }
    return { choices, filters, fieldErrors, desk: null, now: new Date().toISOString() };
  }
  const desk = loaded(event, result);
  return { choices, filters, fieldErrors: {}, desk, now: new Date().toISOString() };
};
