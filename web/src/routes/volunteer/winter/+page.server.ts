import type { HelperHouseholdList } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { takeFlash } from '$lib/server/flash';
import { loaded, requireRole } from '$lib/server/guard';
import { submitPairingChange } from '$lib/server/pairing-form';
import { winterNotice } from '$lib/server/winter-notice';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'volunteer', 'error.volunteerOnly');
  const { households } = loaded(
    event,
    await apiGet<HelperHouseholdList>(event, '/api/me/season-pairings'),
  );
  return { households, pairingChanged: winterNotice(takeFlash(event)).pairingChanged };
};

export const actions: Actions = {
  pairing: async (event) => {
    requireRole(event, 'volunteer', 'error.volunteerOnly');
    return submitPairingChange(event, await event.request.formData());
  },
};
