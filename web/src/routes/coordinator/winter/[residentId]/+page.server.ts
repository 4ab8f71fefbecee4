import { error } from '@sveltejs/kit';
import type { SeasonPairingList, VolunteerSummary, WinterResidentList } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet } from '$lib/server/api';
import { takeFlash } from '$lib/server/flash';
import { loaded, requireRole } from '$lib/server/guard';
import { submitPairing, submitPairingChange } from '$lib/server/pairing-form';
import { readWinterValues, submitWinter, submitWinterStatus } from '$lib/server/winter-form';
import { winterNotice } from '$lib/server/winter-notice';
import type { Actions, PageServerLoad } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const { residentId } = event.params;
  const notFound = () => error(404, { message: t(event.locals.locale, 'error.notFound') });
  if (!uuid.test(residentId)) notFound();
  const notice = winterNotice(takeFlash(event));
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
  const registration = resident!.registration;
  if (!registration) return { resident: resident!, pairings: [], helpers: [], notice };
  const [pairings, volunteers] = await Promise.all([
    apiGet<SeasonPairingList>(
      event,
      `/api/winter-registrations/${encodeURIComponent(registration.id)}/pairings`,
    ),
    apiGet<{ volunteers: VolunteerSummary[] }>(
      event,
      `/api/districts/${encodeURIComponent(resident!.district)}/volunteers`,
    ),
  ]);
  // Only an active volunteer serving the district may be paired; the API checks it again.
  const helpers = loaded(event, volunteers)
    .volunteers.filter((v) => v.verification === 'active' && v.servesHere)
    .map((v) => ({ id: v.id, displayName: v.displayName }));
  return { resident: resident!, pairings: loaded(event, pairings).pairings, helpers, notice };
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
  pair: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    return submitPairing(event, await event.request.formData());
  },
  pairing: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    return submitPairingChange(event, await event.request.formData());
  },
};
