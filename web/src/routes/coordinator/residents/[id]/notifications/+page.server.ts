import type { NotificationPreferencesResponse } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { idField, loaded, requireRole } from '$lib/server/guard';
import { savePreferencesForm } from '$lib/server/notification-preferences';
import type { Actions, PageServerLoad } from './$types';

const apiPath = (id: string) =>
  `/api/residents/${encodeURIComponent(id)}/notification-preferences` as const;

/** The request the coordinator came from (a link back), when it is an id. */
function fromRequest(url: URL): string | null {
  const data = new FormData();
  data.set('request', url.searchParams.get('request') ?? '');
  return idField(data, 'request');
}

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const { preferences } = loaded(
    event,
    await apiGet<NotificationPreferencesResponse>(event, apiPath(event.params.id)),
  );
  return {
    preferences,
    fromRequest: fromRequest(event.url),
    saved: event.url.searchParams.get('saved') === '1',
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const back = fromRequest(event.url);
    const done = `/coordinator/residents/${encodeURIComponent(event.params.id)}/notifications?saved=1${back ? `&request=${back}` : ''}`;
    return savePreferencesForm(event, apiPath(event.params.id), done);
  },
};
