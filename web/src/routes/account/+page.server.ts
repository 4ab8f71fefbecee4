import { redirect } from '@sveltejs/kit';
import type {
  MyDeletionRequestResponse,
  NotificationPreferencesResponse,
} from '@sasaeai/contracts';
import { api, apiGet, apiPost } from '$lib/server/api';
import { actionFailed, loaded, requireUser } from '$lib/server/guard';
import { savePreferencesForm } from '$lib/server/notification-preferences';
import type { Actions, PageServerLoad } from './$types';

const PREFERENCES = '/api/me/notification-preferences';
/** Where the preference forms send the browser after a save (redirect after POST). */
const saved = (what: 'preferences' | 'lineCode' | 'lineUnlinked') =>
  `/account?saved=${what}#notifications`;

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const [deletion, preferences] = await Promise.all([
    apiGet<MyDeletionRequestResponse>(event, '/api/me/deletion-request'),
    apiGet<NotificationPreferencesResponse>(event, PREFERENCES),
  ]);
  const savedWhat = event.url.searchParams.get('saved');
  return {
    deletion: loaded(event, deletion).request,
    preferences: loaded(event, preferences).preferences,
    saved:
      savedWhat === 'preferences' || savedWhat === 'lineCode' || savedWhat === 'lineUnlinked'
        ? savedWhat
        : null,
  };
};

export const actions: Actions = {
  deletion: async (event) => {
    requireUser(event);
    const result = await apiPost<MyDeletionRequestResponse>(event, '/api/me/deletion-request');
    if (!result.ok) return actionFailed(event, result, {});
    return { asked: true };
  },

  preferences: async (event) => {
    requireUser(event);
    return savePreferencesForm(event, PREFERENCES, saved('preferences'));
  },

  lineCode: async (event) => {
    requireUser(event);
    const result = await apiPost<NotificationPreferencesResponse>(
      event,
      `${PREFERENCES}/line-code`,
    );
    if (!result.ok) return actionFailed(event, result, {});
    redirect(303, saved('lineCode'));
  },

  lineUnlink: async (event) => {
    requireUser(event);
    const result = await api<NotificationPreferencesResponse>(
      event,
      'DELETE',
      `${PREFERENCES}/line`,
    );
    if (!result.ok) return actionFailed(event, result, {});
    redirect(303, saved('lineUnlinked'));
  },
};
