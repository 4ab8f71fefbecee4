import { fail } from '@sveltejs/kit';
import type { DeletionDecisionResponse, PendingDeletionsResponse } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { textField } from '$lib/server/form-errors';
import { actionFailed, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const { requests } = loaded(
    event,
    await apiGet<PendingDeletionsResponse>(event, '/api/deletion-requests'),
  );
  return { requests, done: takeFlash(event)?.done ?? null };
};

function requestId(data: FormData): `${string}` | null {
  const id = textField(data, 'id');
  return UUID.test(id) ? id : null;
}

export const actions: Actions = {
  carryOut: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const id = requestId(await event.request.formData());
    if (!id) return fail(400, { actionError: t(event.locals.locale, 'error.generic') });
    const result = await apiPost<DeletionDecisionResponse>(
      event,
      `/api/deletion-requests/${id}/carry-out`,
    );
    if (!result.ok) return actionFailed(event, result, {});
    flashRedirect(event, { done: 'carriedOut' });
  },
  refuse: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const id = requestId(data);
    const reason = textField(data, 'reason').trim();
    if (!id) return fail(400, { actionError: t(locale, 'error.generic') });
    if (reason === '') {
      return fail(400, {
        refuseId: id,
        reasonError: t(locale, 'validation.required', {
          field: t(locale, 'coord.deletions.reason'),
        }),
      });
    }
    const result = await apiPost<DeletionDecisionResponse>(
      event,
      `/api/deletion-requests/${id}/refuse`,
      { reason },
    );
    if (!result.ok) {
      const field = result.error.fields?.[0]?.message[locale];
      if (result.status === 400 && field) return fail(400, { refuseId: id, reasonError: field });
      return actionFailed(event, result, {});
    }
    flashRedirect(event, { done: 'refused' });
  },
};
