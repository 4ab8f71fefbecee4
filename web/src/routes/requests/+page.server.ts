import type { HelpRequestView } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { hasRole, loaded, requireUser } from '$lib/server/guard';
import { pageParam } from '$lib/server/paging';
import type { PageServerLoad } from './$types';

/** Requests per page: a long list (10,000 px on a phone) is read in pages, newest first. */
const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const page = pageParam(event.url);
  const { requests, hasMore } = loaded(
    event,
    await apiGet<{ requests: HelpRequestView[]; hasMore: boolean }>(
      event,
      `/api/help-requests?mine=true&limit=${PAGE_SIZE}&page=${page}`,
    ),
  );
  return { requests, page, hasMore, isResident: hasRole(user, 'resident') };
};
