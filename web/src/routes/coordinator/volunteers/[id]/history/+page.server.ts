import type { VolunteerHistory } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import { recordsQuery } from '$lib/volunteer-records';
import type { PageServerLoad } from './$types';

/** A volunteer's completed tasks, for a coordinator of their district (else 404). */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const id = encodeURIComponent(event.params.id);
  const path = `/api/volunteers/${id}/history${recordsQuery(event.url, ['fy', 'page'])}` as const;
  const { history } = loaded(event, await apiGet<{ history: VolunteerHistory }>(event, path));
  return { history };
};
