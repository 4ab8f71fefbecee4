import { error } from '@sveltejs/kit';
import type { WeeklyRoutineList, WinterResidentList } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import { takeFlash } from '$lib/server/flash';
import { routineNotice, submitRoutine, submitRoutineChange } from '$lib/server/routine-form';
import type { Actions, PageServerLoad } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const { residentId } = event.params;
  const notFound = () => error(404, { message: t(event.locals.locale, 'error.notFound') });
  if (!uuid.test(residentId)) notFound();
  const resident = encodeURIComponent(residentId);
  // The resident list holds only residents of the coordinator's own districts.
  const [list, routines] = await Promise.all([
    apiGet<WinterResidentList>(event, `/api/winter-registrations?resident=${resident}`),
    apiGet<WeeklyRoutineList>(event, `/api/weekly-routines?resident=${resident}`),
  ]);
  const found = loaded(event, list).residents[0];
  if (!found) notFound();
  return {
    residentId,
    fullName: found!.fullName,
    routines: loaded(event, routines).routines,
    notice: routineNotice(takeFlash(event)),
  };
};

export const actions: Actions = {
  create: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    if (!uuid.test(event.params.residentId)) {
      error(404, { message: t(event.locals.locale, 'error.notFound') });
    }
    return submitRoutine(event, event.params.residentId);
  },
  change: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    return submitRoutineChange(event);
  },
};
