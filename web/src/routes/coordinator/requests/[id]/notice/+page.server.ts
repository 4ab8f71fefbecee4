import type { PrintableNotice } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The printable notice for the resident of an accepted request (coordinators of its district). */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const path = `/api/paper/notices/${encodeURIComponent(event.params.id)}` as const;
  const { notice } = loaded(event, await apiGet<{ notice: PrintableNotice }>(event, path));
  return { notice };
};
