import { json } from '@sveltejs/kit';
import type { MyDataExport } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireUser } from '$lib/server/guard';
import type { RequestHandler } from './$types';

/** The person's data as a file to keep (the API answer, unchanged). */
export const GET: RequestHandler = async (event) => {
  requireUser(event);
  const data = loaded(event, await apiGet<MyDataExport>(event, '/api/me/data'));
  return json(data, {
    headers: {
      'content-disposition': 'attachment; filename="sasaeai-my-data.json"',
      'cache-control': 'no-store',
    },
  });
};
