import { error } from '@sveltejs/kit';
import type { WinterResidentList } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import { readWinterValues, submitWinter, submitWinterStatus } from '$lib/server/winter-form';
import type { Actions, PageServerLoad } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const { residentId } = event.params;
  const notFound = () => error(404, { message: t(event.locals.locale, 'error.notFound') });
  if (!uuid.test(residentId)) notFound();
  // The API lists only residents of the coordinator's own districts.
  const list = loaded(
    event,
    await apiGet<WinterResidentList>(
      event,
      `/api/winter-registrations?resident=${encodeURIComponent(residentId)}`,
    ),
  );
  const resident = list.residents[0];
  if (!resident) notFound();
  return { resident: resident! };
};

export const actions: Actions = {
  register: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    return submitWinter(event, readWinterValues(data), event.params.residentId);
  },
  status: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    return submitWinterStatus(event, await event.request.formData());
  },
};
