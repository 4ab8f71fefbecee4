import type { HelpRequestView } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { hasRole, loaded, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { requests } = loaded(
    event,
    await apiGet<{ requests: HelpRequestView[] }>(event, '/api/help-requests?mine=true'),
  );
  return { requests, isResident: hasRole(user, 'resident') };
};
