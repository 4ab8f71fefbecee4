import { fail } from '@sveltejs/kit';
import type { Candidate, HelpRequestView, RequestStatus } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

/** Statuses in which a coordinator may still assign someone by hand. */
const assignable: readonly RequestStatus[] = ['open', 'matching', 'unmatched', 'proposed'];

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const path = `/api/help-requests/${encodeURIComponent(event.params.id)}` as const;
  const { request } = loaded(event, await apiGet<{ request: HelpRequestView }>(event, path));

  // The ranked candidate list, where the API offers it (GET …/candidates); without it the page
  // shows the request alone and the coordinator works from the approval queue.
  let candidates: Candidate[] | null = null;
  if (assignable.includes(request.status)) {
    const result = await apiGet<{ candidates: Candidate[] }>(event, `${path}/candidates`);
    if (result.ok) candidates = result.data.candidates;
  }
  return {
    request,
    candidates,
    created: event.url.searchParams.get('created') === '1',
  };
};

export const actions: Actions = {
  assign: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const volunteerId = idField(await event.request.formData(), 'volunteerId');
    if (!volunteerId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    const result = await apiPost(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}/assign`,
      { volunteerId },
    );
    if (!result.ok) return actionFailed(event, result, {});
    return { done: 'assigned' as const };
  },

  cancel: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    if (data.get('confirmed') !== 'yes') {
      return fail(400, {
        actionError: t(event.locals.locale, 'coord.request.cancelConfirmMissing'),
      });
    }
    const result = await apiPost(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}/cancel`,
      {},
    );
    if (!result.ok) return actionFailed(event, result, {});
    return { done: 'cancelled' as const };
  },

  reopen: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const result = await apiPost(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}/reopen`,
      {},
    );
    if (!result.ok) return actionFailed(event, result, {});
    return { done: 'reopened' as const };
  },

  rematch: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const result = await apiPost(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}/rematch`,
      {},
    );
    if (!result.ok) return actionFailed(event, result, {});
    return { done: 'rematched' as const };
  },
};
