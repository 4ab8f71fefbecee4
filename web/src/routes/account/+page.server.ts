import type { MyDeletionRequestResponse } from '@sasaeai/contracts';
import { apiGet, apiPost } from '$lib/server/api';
import { actionFailed, loaded, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { request } = loaded(
    event,
    await apiGet<MyDeletionRequestResponse>(event, '/api/me/deletion-request'),
  );
  return { deletion: request };
};

export const actions: Actions = {
  deletion: async (event) => {
    requireUser(event);
    const result = await apiPost<MyDeletionRequestResponse>(event, '/api/me/deletion-request');
    if (!result.ok) return actionFailed(event, result, {});
    return { asked: true };
  },
};
