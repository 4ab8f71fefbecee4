import type { HelpRequestView } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { hasRole, loaded, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** Requests per page: a long list (10,000 px on a phone) is read in pages, newest first. */
const PAGE_SIZE = 20;
const LAST_PAGE = 10_000;

/** `?page=` as a page number; anything else (negative, huge, not a number) is the first page. */
function pageOf(url: URL): number {
  const raw = url.searchParams.get('page') ?? '';
  if (!/^\d{1,5}$/.test(raw)) return 1;
  const page = Number(raw);
  return page >= 1 && page <= LAST_PAGE ? page : 1;
}

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const page = pageOf(event.url);
  const { requests, hasMore } = loaded(
    event,
    await apiGet<{ requests: HelpRequestView[]; hasMore: boolean }>(
      event,
      `/api/help-requests?mine=true&limit=${PAGE_SIZE}&page=${page}`,
    ),
  );
  return { requests, page, hasMore, isResident: hasRole(user, 'resident') };
};
