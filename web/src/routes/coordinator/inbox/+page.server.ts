import { fail } from '@sveltejs/kit';
import type { CallTaskList, ConcernList, HelpRequestView } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import { pageParam } from '$lib/server/paging';
import type { Actions, PageServerLoad } from './$types';

/** Unmatched requests per page of the inbox. */
const PAGE_SIZE = 50;

type Concern = ReturnType<(typeof ConcernList)['parse']>['concerns'][number];

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const page = pageParam(event.url);
  // The call list pages on its own (`?callsPage=`), beside the unmatched requests' `?page=`.
  const callsPage = pageParam(event.url, 'callsPage');
  const [unmatched, concerns, calls] = await Promise.all([
    apiGet<{ requests: HelpRequestView[]; hasMore: boolean }>(
      event,
      `/api/help-requests?status=unmatched&limit=${PAGE_SIZE}&page=${page}`,
    ),
    // The first page of open cases; the rest are on the 見守りケース list, paged there.
    apiGet<{ concerns: Concern[]; hasMore: boolean }>(event, '/api/concerns?status=open'),
    apiGet<CallTaskList>(event, `/api/calls?page=${callsPage}`),
  ]);
  const unmatchedPage = loaded(event, unmatched);
  const concernsPage = loaded(event, concerns);
  const callList = loaded(event, calls);
  return {
    unmatched: unmatchedPage.requests,
    page,
    hasMore: unmatchedPage.hasMore,
    /** How many unmatched requests come before this page's last one (at least, when hasMore). */
    unmatchedCount: (page - 1) * PAGE_SIZE + unmatchedPage.requests.length,
    concerns: concernsPage.concerns,
    moreConcerns: concernsPage.hasMore,
    calls: callList.calls,
    callsTotal: callList.total,
    callsHasMore: callList.hasMore,
    callsPage,
    // What the last form post did (Post/Redirect/Get: shown once, a reload sends nothing again).
    done: takeFlash(event)?.done ?? null,
  };
};

export const actions: Actions = {
  rematch: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const requestId = idField(await event.request.formData(), 'requestId');
    if (!requestId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    const result = await apiPost(event, `/api/help-requests/${requestId}/rematch`, {});
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: 'rematched' });
  },

  followUp: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const concernId = idField(await event.request.formData(), 'concernId');
    if (!concernId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    const result = await apiPost(event, `/api/concerns/${concernId}/follow-up`, {});
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: 'followedUp' });
  },

  called: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const callId = idField(await event.request.formData(), 'callId');
    if (!callId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    const result = await apiPost(event, `/api/calls/${callId}/done`, {});
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: 'called' });
  },
};
