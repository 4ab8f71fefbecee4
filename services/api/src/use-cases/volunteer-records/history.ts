import {
  HISTORY_PAGE_SIZE,
  type VolunteerHistory,
  type VolunteerHistoryQuery,
} from '@sasaeai/contracts';
import {
  fiscalYearBounds,
  fiscalYearLabel,
  fiscalYearOf,
  hoursOf,
  jstToday,
  matchMinutes,
  personMinutes,
  totalsByFiscalYear,
  type ActivityTotals,
} from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import {
  completedPage,
  completedTimes,
  volunteerIdentity,
} from '../../repositories/volunteer-records.ts';
import { volunteerRecordScope } from './scope.ts';

export const totalsView = (totals: ActivityTotals | undefined) => ({
  activities: totals?.activities ?? 0,
  hours: hoursOf(totals?.minutes ?? 0),
  personHours: hoursOf(totals?.personMinutes ?? 0),
});

/**
 * A volunteer's completed tasks in one fiscal year (date, category, district, hours; never the
 * resident or the address), a page at a time, with the totals of every fiscal year.
 */
export async function viewVolunteerHistory(
  db: Database,
  actor: SessionUser,
  volunteerId: string,
  query: VolunteerHistoryQuery,
  now = new Date(),
): Promise<VolunteerHistory> {
  await volunteerRecordScope(db, actor, volunteerId);
  const identity = await volunteerIdentity(db, volunteerId);
  if (!identity) throw new AppError('not_found');
  const fiscalYear = query.fy ?? fiscalYearOf(now);
  const page = query.page ?? 1;
  const years = totalsByFiscalYear(await completedTimes(db, volunteerId), identity);
  const totals = years.find((year) => year.fiscalYear === fiscalYear)?.totals;
  const rows = await completedPage(db, volunteerId, fiscalYearBounds(fiscalYear), {
    limit: HISTORY_PAGE_SIZE,
    offset: (page - 1) * HISTORY_PAGE_SIZE,
  });
  return {
    volunteerId,
    ...identity,
    fiscalYear: { fiscalYear, ...fiscalYearLabel(fiscalYear) },
    years: years.map((year) => ({
      fiscalYear: { fiscalYear: year.fiscalYear, ...fiscalYearLabel(year.fiscalYear) },
      totals: totalsView(year.totals),
    })),
    totals: totalsView(totals),
    rows: rows.map((row) => ({
      matchId: row.matchId,
      date: jstToday(row.windowStart),
      category: row.category,
      district: { name: row.districtName, nameEn: row.districtNameEn },
      hours: hoursOf(matchMinutes(row)),
      personHours: hoursOf(personMinutes(row, identity)),
    })),
    page,
    pageCount: Math.max(1, Math.ceil((totals?.activities ?? 0) / HISTORY_PAGE_SIZE)),
  };
}
