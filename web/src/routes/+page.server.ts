import { districtNameOf } from '$lib/district-name';
import type { District, Me } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, type ApiEvent } from '$lib/server/api';
import { takeFlash } from '$lib/server/flash';
import { addedRole, addRoleAction } from '$lib/server/roles';
import type { Actions, PageServerLoad } from './$types';

type DistrictName = { code: string; name: string };

/** Names of the districts a coordinator is scoped to; null district = every district. */
async function coordinatorDistricts(event: ApiEvent, user: Me): Promise<DistrictName[] | null> {
  const codes = user.roles.filter((r) => r.role === 'coordinator').map((r) => r.district);
  if (codes.length === 0) return null;
  const result = await apiGet<{ districts: District[] }>(event, '/api/districts');
  const districts = result.ok ? result.data.districts : [];
  const locale = event.locals.locale;
  const allLabel = t(locale, 'home.coordinator.allDistricts');
  return codes.map((code) =>
    code === null
      ? { code: '*', name: allLabel }
      : { code, name: districtNameOf(districts, code, locale) },
  );
}

export const load: PageServerLoad = async (event) => {
  const user = event.locals.user;
  return {
    coordinatorDistricts: user ? await coordinatorDistricts(event, user) : null,
    roleAdded: addedRole(takeFlash(event)),
  };
};

export const actions: Actions = {
  /** "A resident can sign up to help others too" (and a helper can ask for help). */
  addRole: addRoleAction,
};
