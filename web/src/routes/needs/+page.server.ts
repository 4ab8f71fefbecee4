import type { PublicNeeds } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

// For everyone, signed in or not: counts only (the API names no one and folds small counts).
export const load: PageServerLoad = async (event) => ({
  needs: loaded(event, await apiGet<PublicNeeds>(event, '/api/public/needs')),
  // Absolute, for the preview card a shared link shows.
  pageUrl: `${event.url.origin}/needs`,
});
