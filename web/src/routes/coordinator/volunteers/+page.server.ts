import { fail } from '@sveltejs/kit';
import type { VolunteerSummary } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { coordinatedDistricts, pickDistrict } from '$lib/server/districts';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { textField } from '$lib/server/form-errors';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import { pageParam } from '$lib/server/paging';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const choices = await coordinatedDistricts(event, user);
  const district = pickDistrict(choices, event.url.searchParams.get('district'));
  const page = pageParam(event.url);
  const flash = takeFlash(event);
  if (!district) return { choices, district: null, volunteers: [], page, hasMore: false };
  const { volunteers, hasMore } = loaded(
    event,
    await apiGet<{ volunteers: VolunteerSummary[]; hasMore: boolean }>(
      event,
      `/api/districts/${encodeURIComponent(district.code)}/volunteers?page=${page}`,
    ),
  );
  // What the last change did (Post/Redirect/Get: shown once, a reload sends nothing again).
  const withdrawn = Number(flash?.withdrawn ?? 0);
  const changed = flash?.changed
    ? { name: volunteers.find((v) => v.id === flash.changed)?.displayName ?? null }
    : null;
  return {
    choices,
    district,
    volunteers,
    page,
    hasMore,
    changed,
    withdrawn: Number.isSafeInteger(withdrawn) ? withdrawn : 0,
  };
};

/** Back to the list the form was on: its district and page (the only query the page reads). */
function listUrl(event: RequestEvent): string {
  const back = new URLSearchParams();
  const district = event.url.searchParams.get('district');
  if (district) back.set('district', district);
  const page = pageParam(event.url);
  if (page > 1) back.set('page', String(page));
  const query = back.toString();
  return query ? `${event.url.pathname}?${query}` : event.url.pathname;
}

async function change(event: RequestEvent, kind: 'verify' | 'trust') {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const data = await event.request.formData();
  const volunteerId = idField(data, 'volunteerId');
  const value = textField(data, 'value');
  const generic = () => fail(400, { actionError: t(event.locals.locale, 'error.generic') });
  if (!volunteerId) return generic();
  if (kind === 'verify') {
    if (value !== 'active' && value !== 'suspended') return generic();
    const verified = await apiPost<{ withdrawnMatches: number }>(
      event,
      `/api/volunteers/${volunteerId}/verify`,
      { status: value },
    );
    if (!verified.ok) return actionFailed(event, verified, {});
    // A suspension withdraws what the volunteer held; the coordinator is told how much.
    const withdrawn = String(verified.data.withdrawnMatches);
    flashRedirect(event, { changed: volunteerId, withdrawn }, listUrl(event));
  }
  if (value !== 'true' && value !== 'false') return generic();
  const result = await apiPost(event, `/api/volunteers/${volunteerId}/trust`, {
    trusted: value === 'true',
  });
  if (!result.ok) return actionFailed(event, result, {});
  flashRedirect(event, { changed: volunteerId }, listUrl(event));
}

export const actions: Actions = {
  verify: (event) => change(event, 'verify'),
  trust: (event) => change(event, 'trust'),
};
