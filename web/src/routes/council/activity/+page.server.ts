import { categories } from '$lib/help';
import { isCouncilStaff, requireActivityViewer } from '$lib/council/access.server';
import { filterQuery, readFilters } from '$lib/council/activity-query';
import { fiscalYearOfDate, sumRows } from '$lib/council/format';
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
  const report = loaded(
    event,
    await apiGet<ActivityReportData>(event, `/api/council/activity?${filterQuery(filters)}`),
  );
  // The report has no category dimension: one call per category gives the category table.
  const wanted = filters.category ? [filters.category] : categories;
  const byCategory = await Promise.all(
    wanted.map(async (category) => {
      const result = loaded(
        event,
        await apiGet<ActivityReportData>(
          event,
          `/api/council/activity?${filterQuery(filters, { category })}`,
        ),
      );
      return { category, ...sumRows(result.rows) };
    }),
  );
  return { staff, districts, filters, currentFy, report, byCategory };
};
