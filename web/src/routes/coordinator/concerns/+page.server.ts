import type { ConcernList, ConcernStatus } from '@sasaeai/contracts';
import { caseStatuses } from '$lib/concern-cases';
import { apiGet } from '$lib/server/api';
import { loaded } from '$lib/server/guard';
import { requireCaseReader } from '$lib/server/concern-cases';
import type { PageServerLoad } from './$types';

/** 見守りケース: the cases of the caller's districts, overdue follow-ups first, by status. */
export const load: PageServerLoad = async (event) => {
  const { manages } = requireCaseReader(event);
  const asked = event.url.searchParams.get('status') ?? '';
  const status = (caseStatuses as readonly string[]).includes(asked)
    ? (asked as ConcernStatus)
    : null;
  const query = status ? `?status=${status}` : '';
  const { concerns } = loaded(event, await apiGet<ConcernList>(event, `/api/concerns${query}`));
  return { concerns, status, manages };
};
