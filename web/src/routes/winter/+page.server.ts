import type { MyWinterResponse, SeasonPairingList } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { takeFlash } from '$lib/server/flash';
import { loaded, requireRole } from '$lib/server/guard';
import { submitPairingChange } from '$lib/server/pairing-form';
import { readWinterValues, submitWinter, submitWinterStatus } from '$lib/server/winter-form';
import { winterNotice } from '$lib/server/winter-notice';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'resident', 'winter.residentOnly');
  const winter = loaded(
    event,
    await apiGet<MyWinterResponse>(event, '/api/winter-registrations/mine'),
  );
  const registration = winter.registration;
  const pairings = registration
    ? loaded(
        event,
        await apiGet<SeasonPairingList>(
          event,
          `/api/winter-registrations/${encodeURIComponent(registration.id)}/pairings`,
        ),
      ).pairings
    : [];
  return { winter, pairings, notice: winterNotice(takeFlash(event)) };
};

export const actions: Actions = {
  register: async (event) => {
    requireRole(event, 'resident', 'winter.residentOnly');
    return submitWinter(event, readWinterValues(await event.request.formData()));
  },
  status: async (event) => {
    requireRole(event, 'resident', 'winter.residentOnly');
    return submitWinterStatus(event, await event.request.formData());
  },
  pairing: async (event) => {
    requireRole(event, 'resident', 'winter.residentOnly');
    return submitPairingChange(event, await event.request.formData());
  },
};
