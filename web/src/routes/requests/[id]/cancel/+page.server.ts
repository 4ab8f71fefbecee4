import { redirect } from '@sveltejs/kit';
import type { HelpRequestView } from '@sasaeai/contracts';
import { finalStatuses } from '$lib/help';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect } from '$lib/server/flash';
import { actionFailed, loaded, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

/** 「本当に取り消しますか？」: a page of its own, so the question works without JavaScript. */
export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { request } = loaded(
    event,
    await apiGet<{ request: HelpRequestView }>(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}`,
    ),
  );
  if (finalStatuses.includes(request.status)) redirect(303, `/requests/${request.id}`);
  return { request };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const id = encodeURIComponent(event.params.id);
    const result = await apiPost(event, `/api/help-requests/${id}/cancel`, {});
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { notice: 'cancelled' }, `/requests/${id}`);
  },
};
