import { fail, redirect } from '@sveltejs/kit';
import {
  NoShowBody,
  type Candidate,
  type HelpRequestView,
  type RequestStatus,
  type WaitingForBuddy,
} from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { api, apiGet, apiPost } from '$lib/server/api';
import { allDistricts } from '$lib/server/districts';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, textField } from '$lib/server/form-errors';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const editFields = ['date', 'from', 'to', 'peopleNeeded', 'notes'] as const;
type EditField = (typeof editFields)[number];

/** Statuses in which a coordinator may still assign someone by hand. */
const assignable: readonly RequestStatus[] = ['open', 'matching', 'unmatched', 'proposed'];

/** What the last form post did (Post/Redirect/Get: shown once, a reload sends nothing again). */
function doneOnce(event: RequestEvent) {
  const flash = takeFlash(event);
  return { created: flash?.notice === 'created', done: flash?.done ?? null };
}

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const path = `/api/help-requests/${encodeURIComponent(event.params.id)}` as const;
  const { request } = loaded(event, await apiGet<{ request: HelpRequestView }>(event, path));

  // The ranked candidate list, where the API offers it (GET …/candidates); without it the page
  // shows the request alone and the coordinator works from the approval queue.
  let candidates: Candidate[] | null = null;
  let waitingForBuddy: WaitingForBuddy[] = [];
  if (assignable.includes(request.status)) {
    const result = await apiGet<{ candidates: Candidate[]; waitingForBuddy?: WaitingForBuddy[] }>(
      event,
      `${path}/candidates`,
    );
    if (result.ok) {
      candidates = result.data.candidates;
      waitingForBuddy = result.data.waitingForBuddy ?? [];
    }
  }
  // A no-show can be recorded once the task's window has started (the API checks it again).
  const started = Date.parse(request.windowStart) <= Date.now();
  const unplaced = request.status === 'unmatched' && request.unmatchedReason === 'address_unplaced';
  return {
    request,
    placeDistricts: unplaced ? await allDistricts(event) : [],
    candidates,
    waitingForBuddy,
    noShowMatchIds: started
      ? request.matches.filter((m) => m.status === 'accepted').map((m) => m.id)
      : [],
    ...doneOnce(event),
    now: Date.now(),
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
    flashRedirect(event, { done: 'assigned' });
  },

  edit: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const values = Object.fromEntries(editFields.map((f) => [f, textField(data, f)])) as Record<
      EditField,
      string
    >;
    const body: Record<string, unknown> = {
      peopleNeeded: /^\d{1,3}$/.test(values.peopleNeeded) ? Number(values.peopleNeeded) : -1,
      notes: values.notes,
    };
    // The window is sent only when it was changed, so correcting the notes never moves it.
    const windowAsShown = ['date', 'from', 'to'].map((f) => textField(data, `shown-${f}`));
    const windowNow = [values.date, values.from, values.to];
    if (values.date && windowNow.some((value, i) => value !== windowAsShown[i])) {
      body.when = { kind: 'window', date: values.date, from: values.from, to: values.to };
    }
    const result = await api(
      event,
      'PATCH',
      `/api/help-requests/${encodeURIComponent(event.params.id)}`,
      body,
    );
    if (!result.ok && result.status === 400) {
      const errors = formErrorsFromApi(result.error, event.locals.locale, editFields, {
        when: 'date',
      });
      return fail(400, { edit: { values, errors } });
    }
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: 'edited' });
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
    flashRedirect(event, { done: 'cancelled' });
  },

  reopen: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const result = await apiPost(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}/reopen`,
      {},
    );
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: 'reopened' });
  },

  /** Send a waiting request to the neighbouring districts' volunteers without the wait. */
  neighboursNow: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const result = await apiPost(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}/neighbours-now`,
      {},
    );
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: 'neighboursOpened' });
  },

  /** 「来なかった」: the accepted volunteer did not come; look again or send to the inbox. */
  noShow: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const matchId = idField(data, 'matchId');
    const next = NoShowBody.shape.next.safeParse(textField(data, 'next') || undefined);
    if (!matchId || !next.success) {
      return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    }
    const body: NoShowBody = { next: next.data };
    const result = await apiPost(event, `/api/matches/${matchId}/no-show`, body);
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: next.data === 'inbox' ? 'noShowInbox' : 'noShowRematch' });
  },

  rematch: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const result = await apiPost(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}/rematch`,
      {},
    );
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: 'rematched' });
  },

  place: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const district = textField(await event.request.formData(), 'district');
    const path = `/api/help-requests/${encodeURIComponent(event.params.id)}` as const;
    const result = await apiPost(event, `${path}/district`, { district });
    if (!result.ok) {
      const fields = formErrorsFromApi(result.error, event.locals.locale, ['district'] as const);
      if (result.status === 400)
        return fail(400, { placeError: fields.fields.district ?? fields.summary ?? '' });
      return actionFailed(event, result, {});
    }
    // Placed in a district outside this coordinator's: the request has left their desk.
    if (!(await apiGet(event, path)).ok) redirect(303, '/coordinator/inbox');
    flashRedirect(event, { done: 'placed' });
  },
};
