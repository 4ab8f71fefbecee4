import type { PublicSummaryData } from '$lib/council/types';
import { apiGet } from '$lib/server/api';
import { loaded } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

// For everyone, signed in or not: city-wide totals; small districts are not named by the API.
export const load: PageServerLoad = async (event) => ({
  summary: loaded(event, await apiGet<PublicSummaryData>(event, '/api/council/public/summary')),
});
