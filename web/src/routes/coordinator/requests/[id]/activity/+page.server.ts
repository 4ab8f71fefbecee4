import type { ActivitySheet } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The monthly activity sheet of the household this request belongs to. */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const month = event.url.searchParams.get('month');
  const query = month ? `?month=${encodeURIComponent(month)}` : '';
  const path =
    `/api/paper/requests/${encodeURIComponent(event.params.id)}/activity${query}` as const;
  const { sheet } = loaded(event, await apiGet<{ sheet: ActivitySheet }>(event, path));
  return { sheet, requestId: event.params.id };
};
