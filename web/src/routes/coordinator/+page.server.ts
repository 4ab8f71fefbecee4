import { fail } from '@sveltejs/kit';
import type { BulkApproveResult, HelpRequestView, MatchWithRequest } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash, type Flash } from '$lib/server/flash';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import { pageParam } from '$lib/server/paging';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const page = pageParam(event.url);
  const [queue, unmatched, concerns] = await Promise.all([
    apiGet<{ matches: MatchWithRequest[]; total: number; hasMore: boolean }>(
      event,
      `/api/matches?status=proposed&page=${page}`,
    ),
    apiGet<{ requests: HelpRequestView[] }>(event, '/api/help-requests?status=unmatched'),
    apiGet<{ concerns: unknown[] }>(event, '/api/concerns?status=open'),
  ]);
  // A page of proposals, oldest request first (the API's order): whoever has waited longest is
  // decided first. "Approve all shown" approves this page only.
  const { matches, total, hasMore } = loaded(event, queue);
  // What the last form post did (Post/Redirect/Get: shown once, a reload sends nothing again).
  const flash = takeFlash(event);
  return {
    matches,
    page,
    total,
    hasMore,
    done: flash?.done ?? null,
    bulk: await bulkOutcome(event, flash, matches),
    inboxCount:
      (unmatched.ok ? unmatched.data.requests.length : 0) +
      (concerns.ok ? concerns.data.concerns.length : 0),
  };
};

/** How many proposals a bulk approval may name after its redirect (the flash is a small cookie). */
const NAMED_FAILURES = 6;
const COUNT = /^\d{1,4}$/;
const FAILURE = /^([0-9a-f-]{36})_([a-z_]{1,27})$/;

/**
 * A bulk approval's outcome from the flash: how many went through and, for those that could
 * not be approved, which proposal and why (a reason code the page words), named by volunteer
 * and request as the API shows them now (the cookie never holds a name).
 */
async function bulkOutcome(
  event: RequestEvent,
  flash: Flash | null,
  queue: readonly MatchWithRequest[],
) {
  const approved = flash?.bulkApproved;
  if (approved === undefined || !COUNT.test(approved)) return null;
  const failedCount = COUNT.test(flash?.bulkFailed ?? '') ? Number(flash!.bulkFailed) : 0;
  const parsedFailures = [];
  for (let index = 0; index < NAMED_FAILURES; index += 1) {
    const found = FAILURE.exec(flash?.[`fail${index}`] ?? '');
    if (found) parsedFailures.push({ matchId: found[1]!, reason: found[2]! });
  }
  // Those no longer in the queue (taken back, decided elsewhere) are fetched by id to be named;
  // the API answers only for the coordinator's own districts.
  const missing = parsedFailures.filter((p) => !queue.some((m) => m.id === p.matchId));
  const fetched =
    missing.length === 0
      ? null
      : await apiGet<{ matches: MatchWithRequest[] }>(
          event,
          `/api/matches?ids=${missing.map((p) => p.matchId).join(',')}`,
        );
  const known = [...queue, ...(fetched?.ok ? fetched.data.matches : [])];
  const failed = [];
  for (const parsed of parsedFailures) {
    const match = known.find((m) => m.id === parsed.matchId);
    failed.push({
      matchId: parsed.matchId,
      reason: parsed.reason,
      inQueue: queue.some((m) => m.id === parsed.matchId),
      name: match?.volunteer.displayName ?? null,
      request: match?.request ?? null,
    });
  }
  return { approved: Number(approved), failedCount: Math.max(failedCount, failed.length), failed };
}

/** Back to the page of the queue the form was on (its action carries `&page=`). */
function samePage(event: RequestEvent): string {
  const page = pageParam(event.url);
  return page > 1 ? `${event.url.pathname}?page=${page}` : event.url.pathname;
}

async function decide(event: RequestEvent, verb: 'approve' | 'reject') {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const matchId = idField(await event.request.formData(), 'matchId');
  if (!matchId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
  const result = await apiPost(event, `/api/matches/${matchId}/${verb}`, {});
  if (!result.ok) return actionFailed(event, result, {});
  flashRedirect(event, { done: verb === 'approve' ? 'approved' : 'rejected' }, samePage(event));
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
  // Post/Redirect/Get even when some could not be approved: the flash carries the count and, for
  // the first few failures, the proposal's id and the reason code (never a name); the next load
  // names them from the queue. A reload therefore approves nothing again.
  const flash: Flash = {
    bulkApproved: String(result.data.approved.length),
    bulkFailed: String(result.data.failed.length),
  };
  result.data.failed.slice(0, NAMED_FAILURES).forEach((failure, index) => {
    flash[`fail${index}`] = `${failure.matchId}_${failure.reason}`;
  });
  flashRedirect(event, flash, samePage(event));
}

export const actions: Actions = {
  approveMany,
  approve: (event) => decide(event, 'approve'),
  reject: (event) => decide(event, 'reject'),
};
