import type { AuditPage } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { hasRole, loaded, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

const filterNames = ['resident', 'from', 'to', 'page'] as const;

/**
 * The audit log: a coordinator's own districts, the whole city for an admin (the API scopes it
 * by the session); the filters are a plain GET form.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!hasRole(user, 'coordinator') && !hasRole(user, 'admin')) {
    error(403, { message: t(event.locals.locale, 'error.coordinatorOnly') });
  }
  const params = new URLSearchParams();
  for (const name of filterNames) {
    const value = event.url.searchParams.get(name)?.trim();
    if (value) params.set(name, value);
  }
  const filters = Object.fromEntries(params) as Partial<
    Record<(typeof filterNames)[number], string>
  >;
  const result = await apiGet<AuditPage>(event, `/api/audit-events?${params.toString()}`);
  if (!result.ok && result.status === 400) {
    return { filters, audit: null, invalid: true };
  }
  return { filters, audit: loaded(event, result), invalid: false };
};
