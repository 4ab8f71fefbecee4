import { fail } from '@sveltejs/kit';
import type { CallTaskList, ConcernList, HelpRequestView } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

type Concern = ReturnType<(typeof ConcernList)['parse']>['concerns'][number];

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const [unmatched, concerns, calls] = await Promise.all([
    apiGet<{ requests: HelpRequestView[] }>(event, '/api/help-requests?status=unmatched'),
    apiGet<{ concerns: Concern[] }>(event, '/api/concerns?status=open'),
    apiGet<CallTaskList>(event, '/api/calls'),
  ]);
  return {
    unmatched: loaded(event, unmatched).requests,
    concerns: loaded(event, concerns).concerns,
    calls: loaded(event, calls).calls,
  };
};

export const actions: Actions = {
  rematch: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const requestId = idField(await event.request.formData(), 'requestId');
    if (!requestId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    const result = await apiPost(event, `/api/help-requests/${requestId}/rematch`, {});
    if (!result.ok) return actionFailed(event, result, {});
    return { done: 'rematched' as const };
  },

  followUp: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const concernId = idField(await event.request.formData(), 'concernId');
    if (!concernId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    const result = await apiPost(event, `/api/concerns/${concernId}/follow-up`, {});
    if (!result.ok) return actionFailed(event, result, {});
    return { done: 'followedUp' as const };
  },

  called: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const callId = idField(await event.request.formData(), 'callId');
    if (!callId) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    const result = await apiPost(event, `/api/calls/${callId}/done`, {});
    if (!result.ok) return actionFailed(event, result, {});
    return { done: 'called' as const };
  },
};
