import type { WinterResidentList } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { coordinatedDistricts } from '$lib/server/districts';
import { loaded, requireRole } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const list = loaded(event, await apiGet<WinterResidentList>(event, '/api/winter-registrations'));
  return { list, districts: await coordinatedDistricts(event, user) };
};
