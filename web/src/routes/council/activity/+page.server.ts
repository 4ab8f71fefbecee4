import { isCouncilStaff, requireActivityViewer } from '$lib/council/access.server';
import { filterQuery, readFilters } from '$lib/council/activity-query';
import { fiscalYearOfDate } from '$lib/council/format';
import type { ActivityReportData } from '$lib/council/types';
import { apiGet } from '$lib/server/api';
import { allDistricts, coordinatedDistricts } from '$lib/server/districts';
import { loaded } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireActivityViewer(event);
  const staff = isCouncilStaff(user);
  // Coordinators choose among their own districts; the API narrows the figures the same way.
  const districts = staff ? await allDistricts(event) : await coordinatedDistricts(event, user);
  const currentFy = fiscalYearOfDate(new Date());
  const filters = readFilters(
    event.url.searchParams,
    currentFy,
    districts.map((d) => d.code),
  );
  // One call: the rows and every total (whole, by month, district and kind) come together.
  const report = loaded(
    event,
    await apiGet<ActivityReportData>(event, `/api/council/activity?${filterQuery(filters)}`),
  );
  return { staff, districts, filters, currentFy, report };
};
