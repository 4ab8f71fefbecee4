import { fail } from '@sveltejs/kit';
import type { BulkApproveResult, HelpRequestView, MatchWithRequest } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
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
  // What the last form post did (Post/Redirect/Get: shown once, a reload sends nothing again).
  const flash = takeFlash(event);
  const approvedCount = Number(flash?.bulkApproved ?? Number.NaN);
  return {
    matches,
    done: flash?.done ?? null,
    bulkApproved: Number.isSafeInteger(approvedCount) ? approvedCount : null,
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
  flashRedirect(event, { done: verb === 'approve' ? 'approved' : 'rejected' });
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ticked proposals (or, with scope=all, every one the page showed), approved in one call. */
async function approveMany(event: RequestEvent) {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const locale = event.locals.locale;
  const data = await event.request.formData();
  const field = data.get('scope') === 'all' ? 'shownId' : 'matchId';
  const ids = data
    .getAll(field)
    .filter((value): value is string => typeof value === 'string' && ID.test(value));
  if (ids.length === 0) return fail(400, { actionError: t(locale, 'coord.bulk.noneSelected') });
  const result = await apiPost<BulkApproveResult>(event, '/api/matches/approve', {
    matchIds: ids.slice(0, 500),
  });
  if (!result.ok) return actionFailed(event, result, {});
  if (result.data.failed.length === 0) {
    flashRedirect(event, { bulkApproved: String(result.data.approved.length) });
  }
  // Some could not be approved: the page names each one and why, which a cookie cannot carry.
  // Sending the same form again approves nothing twice (those approved are no longer proposed).
  return {
    bulk: {
      approved: result.data.approved.length,
      failed: result.data.failed.map((f) => ({
        matchId: f.matchId,
        name: f.volunteerName,
        request: f.request,
        why: f.message[locale],
      })),
    },
  };
}

export const actions: Actions = {
  approveMany,
  approve: (event) => decide(event, 'approve'),
  reject: (event) => decide(event, 'reject'),
};
