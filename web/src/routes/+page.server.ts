import { fail, redirect } from '@sveltejs/kit';
import type { AddRoleBody, District, Me, MeResponse, SelfServiceRole } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost, type ApiEvent } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

type DistrictName = { code: string; name: string };

/** Names of the districts a coordinator is scoped to; null district = every district. */
async function coordinatorDistricts(event: ApiEvent, user: Me): Promise<DistrictName[] | null> {
  const codes = user.roles.filter((r) => r.role === 'coordinator').map((r) => r.district);
  if (codes.length === 0) return null;
  const result = await apiGet<{ districts: District[] }>(event, '/api/districts');
  const names = new Map(result.ok ? result.data.districts.map((d) => [d.code, d.name]) : []);
  const allLabel = t(event.locals.locale, 'home.coordinator.allDistricts');
  return codes.map((code) =>
    code === null ? { code: '*', name: allLabel } : { code, name: names.get(code) ?? code },
  );
}

export const load: PageServerLoad = async (event) => {
  const user = event.locals.user;
  return {
    coordinatorDistricts: user ? await coordinatorDistricts(event, user) : null,
  };
};

function isSelfServiceRole(value: unknown): value is SelfServiceRole {
  return value === 'resident' || value === 'volunteer';
}

export const actions: Actions = {
  /** "A resident can sign up to help others too" (and a helper can ask for help). */
  addRole: async (event) => {
    if (!event.locals.user) redirect(303, '/login');
    const locale = event.locals.locale;
    const role = (await event.request.formData()).get('role');
    if (!isSelfServiceRole(role)) {
      return fail(400, { roleError: t(locale, 'error.generic') });
    }
    const body: AddRoleBody = { role };
    const result = await apiPost<MeResponse>(event, '/api/me/roles', body);
    if (result.ok) {
      // The page rendered after this action (JavaScript off) must show the new role.
      event.locals.user = result.data.user;
      return { roleAdded: role };
    }
    if (result.status === 401) redirect(303, '/login');
    return fail(result.status >= 500 ? 503 : result.status, {
      roleError: result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale],
    });
  },
};
