import { requireCouncilStaff } from '$lib/council/access.server';
import { saveCentreAction, savedCentreName } from '$lib/council/centres.server';
import type { CentreData } from '$lib/council/types';
import { apiGet } from '$lib/server/api';
import { allDistricts } from '$lib/server/districts';
import { loaded } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireCouncilStaff(event);
  const { centres } = loaded(
    event,
    await apiGet<{ centres: CentreData[] }>(event, '/api/council/centres'),
  );
  return { centres, districts: await allDistricts(event), saved: savedCentreName(event, centres) };
};

export const actions: Actions = {
  default: async (event) => {
    requireCouncilStaff(event);
    return saveCentreAction(event, null);
  },
};
