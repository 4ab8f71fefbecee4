import type { RoutineTaskList } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { allDistricts } from '$lib/server/districts';
import { loaded, requireRole } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'volunteer', 'error.volunteerOnly');
  const [tasks, districts] = await Promise.all([
    apiGet<RoutineTaskList>(event, '/api/me/routine-tasks'),
    allDistricts(event),
  ]);
  return {
    tasks: loaded(event, tasks).tasks,
    districts,
  };
};
