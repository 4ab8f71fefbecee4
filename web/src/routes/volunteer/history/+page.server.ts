import type { VolunteerHistory } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import { recordsQuery } from '$lib/volunteer-records';
import type { PageServerLoad } from './$types';

/** One's completed tasks, a fiscal year and a page at a time. */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'volunteer', 'error.volunteerOnly');
  const path = `/api/me/volunteer/history${recordsQuery(event.url, ['fy', 'page'])}` as const;
  const { history } = loaded(event, await apiGet<{ history: VolunteerHistory }>(event, path));
  return { history };
};
