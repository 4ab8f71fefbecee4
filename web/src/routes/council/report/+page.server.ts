import { requireCouncilStaff } from '$lib/council/access.server';
import { fiscalYearOfDate } from '$lib/council/format';
import { loadIndicators } from '$lib/council/indicators.server';
import type { ActivityReportData } from '$lib/council/types';
import { apiGet } from '$lib/server/api';
import { loaded } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** One page for the city assembly report: every indicator, the system ones, and activity. */
export const load: PageServerLoad = async (event) => {
  requireCouncilStaff(event);
  const fiscalYear = fiscalYearOfDate(new Date());
  const [indicators, activity] = await Promise.all([
    loadIndicators(event),
    apiGet<ActivityReportData>(event, `/api/council/activity?fiscalYear=${String(fiscalYear)}`),
  ]);
  const report = loaded(event, activity);
  return {
    ...indicators,
    activityFiscalYear: report.fiscalYear,
    // The API's own totals: exact medians, each person counted once.
    districts: report.totals.byDistrict,
    total: report.totals.all,
    asOf: report.asOf,
    preparedAt: new Date().toISOString(),
  };
};
