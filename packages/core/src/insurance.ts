/**
 * Volunteer activity insurance (ボランティア活動保険) runs for a fiscal year, 1 April to
 * 31 March; the centre takes enrolments for the coming year from 1 March. Dates are Japan's
 * calendar dates, `YYYY-MM-DD`.
 */
import { addDays, seasonBounds, seasonToRegisterFor } from './snow/season.ts';

/** The fiscal year a calendar date belongs to: 2027-02-01 → 2026. */
export function fiscalYearOfDate(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return Number(isoDate.slice(5, 7)) >= 4 ? year : year - 1;
}

/** The last day the insurance of a fiscal year covers: 31 March of the next calendar year. */
export function insuranceCoversUntil(fiscalYear: number): string {
  return `${String(fiscalYear + 1)}-03-31`;
}

/** The days an enrolment for a fiscal year may be dated: from 1 March before it to its end. */
export function enrolmentDateRange(fiscalYear: number): { from: string; to: string } {
  return { from: `${String(fiscalYear)}-03-01`, to: insuranceCoversUntil(fiscalYear) };
}

export interface CoverGap {
  reason: 'none' | 'expired';
  expiredOn: string | null;
}

/** Why a volunteer is not covered today (null when covered). */
export function coverGapOn(coveredUntil: string | null, today: string): CoverGap | null {
  if (coveredUntil === null) return { reason: 'none', expiredOn: null };
  if (coveredUntil < today) return { reason: 'expired', expiredOn: coveredUntil };
  return null;
}

/**
 * Whether a volunteer should be reminded today, and for which fiscal year: cover ending within
 * `daysBefore` days (for the year after it), or — with no cover today — from `daysBefore` days
 * before the snow season starts until it ends (for the current year).
 */
export function renewalDueFor(
  coveredUntil: string | null,
  today: string,
  daysBefore: number,
): number | null {
  if (coveredUntil !== null && coveredUntil >= today) {
    return addDays(coveredUntil, -daysBefore) <= today
      ? fiscalYearOfDate(addDays(coveredUntil, 1))
      : null;
  }
  const season = seasonBounds(seasonToRegisterFor(today));
  return today >= addDays(season.from, -daysBefore) && today <= season.until
    ? fiscalYearOfDate(today)
    : null;
}
