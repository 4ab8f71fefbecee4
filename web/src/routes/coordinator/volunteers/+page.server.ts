import { fail } from '@sveltejs/kit';
import type { VolunteerSummary } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { coordinatedDistricts, pickDistrict } from '$lib/server/districts';
import { textField } from '$lib/server/form-errors';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const choices = await coordinatedDistricts(event, user);
  const district = pickDistrict(choices, event.url.searchParams.get('district'));
  if (!district) return { choices, district: null, volunteers: [] };
  const { volunteers } = loaded(
    event,
    await apiGet<{ volunteers: VolunteerSummary[] }>(
      event,
      `/api/districts/${encodeURIComponent(district.code)}/volunteers`,
    ),
  );
  return { choices, district, volunteers };
};

async function change(event: RequestEvent, kind: 'verify' | 'trust') {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const data = await event.request.formData();
  const volunteerId = idField(data, 'volunteerId');
  const name = textField(data, 'name');
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
    return { changed: name, volunteerId, withdrawn: verified.data.withdrawnMatches };
  }
  if (value !== 'true' && value !== 'false') return generic();
  const result = await apiPost(event, `/api/volunteers/${volunteerId}/trust`, {
    trusted: value === 'true',
  });
  if (!result.ok) return actionFailed(event, result, {});
  return { changed: name, volunteerId, withdrawn: 0 };
}

export const actions: Actions = {
  verify: (event) => change(event, 'verify'),
  trust: (event) => change(event, 'trust'),
};
