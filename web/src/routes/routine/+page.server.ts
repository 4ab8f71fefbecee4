import type { WeeklyRoutineList } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import { takeFlash } from '$lib/server/flash';
import { routineNotice, submitRoutine, submitRoutineChange } from '$lib/server/routine-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'resident', 'winter.residentOnly');
  const list = loaded(event, await apiGet<WeeklyRoutineList>(event, '/api/weekly-routines'));
  return { routines: list.routines, notice: routineNotice(takeFlash(event)) };
};

export const actions: Actions = {
  create: async (event) => {
    requireRole(event, 'resident', 'winter.residentOnly');
    return submitRoutine(event);
  },
  change: async (event) => {
    requireRole(event, 'resident', 'winter.residentOnly');
    return submitRoutineChange(event);
  },
};
