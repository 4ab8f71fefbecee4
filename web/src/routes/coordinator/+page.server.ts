import { fail } from '@sveltejs/kit';
import type { HelpRequestView, MatchWithRequest } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const [queue, unmatched, concerns] = await Promise.all([
    apiGet<{ matches: MatchWithRequest[] }>(event, '/api/matches?status=proposed'),
    apiGet<{ requests: HelpRequestView[] }>(event, '/api/help-requests?status=unmatched'),
    apiGet<{ concerns: unknown[] }>(event, '/api/concerns?status=open'),
  ]);
  const { matches } = loaded(event, queue);
  // Oldest first: whoever has waited longest is decided first.
  matches.sort((a, b) => a.request.windowStart.localeCompare(b.request.windowStart));
  return {
    matches,
    inboxCount:
      (unmatched.ok ? unmatched.data.requests.length : 0) +
      (concerns.ok ? concerns.data.concerns.length : 0),
  };
};

async function decide(event: RequestEvent, verb: 'approve' | 'reject') {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const matchId = idField(await event.request.formData(), 'matchId');
  if (!matchId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
  const result = await apiPost(event, `/api/matches/${matchId}/${verb}`, {});
  if (!result.ok) return actionFailed(event, result, {});
  return { done: verb === 'approve' ? ('approved' as const) : ('rejected' as const) };
}

export const actions: Actions = {
  approve: (event) => decide(event, 'approve'),
  reject: (event) => decide(event, 'reject'),
};
