import type { MyDataExport } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  return { export: loaded(event, await apiGet<MyDataExport>(event, '/api/me/data')) };
};
