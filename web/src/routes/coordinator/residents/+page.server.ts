import { error } from '@sveltejs/kit';
import type { ResidentPage } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet } from '$lib/server/api';
import { hasRole, loaded, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The resident register: the GET form's search and page go to the API as they came. */
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!hasRole(user, 'admin') && !hasRole(user, 'coordinator')) {
    error(403, { message: t(event.locals.locale, 'error.coordinatorOnly') });
  }
  const q = event.url.searchParams.get('q')?.slice(0, 200) ?? '';
  const page = event.url.searchParams.get('page')?.slice(0, 20) ?? '';
  const query = new URLSearchParams();
  if (q.trim()) query.set('q', q);
  if (page.trim()) query.set('page', page);
  const result = await apiGet<ResidentPage>(event, `/api/residents?${query.toString()}`);
  if (!result.ok && result.status === 400) {
    const entry = result.error.fields?.[0];
    return {
      q,
      register: null,
      searchError: entry?.message[event.locals.locale] ?? result.error.message[event.locals.locale],
    };
  }
  return { q, register: loaded(event, result), searchError: null };
};
