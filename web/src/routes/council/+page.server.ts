import { requireCouncilStaff } from '$lib/council/access.server';
import { loadIndicators } from '$lib/council/indicators.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireCouncilStaff(event);
  return loadIndicators(event);
};
