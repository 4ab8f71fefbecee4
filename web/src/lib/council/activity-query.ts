/** The activity page's filters, read from and written to the URL (GET form, shareable). */
import type { HelpCategory } from '@sasaeai/contracts';
import { isCategory } from '../help.ts';

export interface ActivityFilters {
  fiscalYear: number;
  district: string | null;
  category: HelpCategory | null;
}

/** The plan runs from FY2024; earlier years have no activity in this system. */
export const FIRST_ACTIVITY_FY = 2024;

export function readFilters(
  params: URLSearchParams,
  currentFy: number,
  districtCodes: readonly string[],
): ActivityFilters {
  const fy = params.get('fiscalYear') ?? '';
  const year = /^\d{4}$/.test(fy) ? Number(fy) : NaN;
  const district = params.get('district') ?? '';
  const category = params.get('category') ?? '';
  return {
    fiscalYear: year >= FIRST_ACTIVITY_FY && year <= currentFy ? year : currentFy,
    district: districtCodes.includes(district) ? district : null,
    category: isCategory(category) ? category : null,
  };
}

/** `fiscalYear=2026&district=chuo&category=snow` (empty filters left out). */
export function filterQuery(filters: ActivityFilters, extra: Partial<ActivityFilters> = {}) {
  const merged = { ...filters, ...extra };
  const params = new URLSearchParams({ fiscalYear: String(merged.fiscalYear) });
  if (merged.district) params.set('district', merged.district);
  if (merged.category) params.set('category', merged.category);
  return params.toString();
}
