import type { Database } from '@sasaeai/db/client';
import { fiscalYearBounds, instantInJapan, japanWallClock } from '@sasaeai/core';
import {
  helpCategories,
  type CentreReport,
  type CentreReportQuery,
  type ReportFigures,
} from '@sasaeai/contracts';
import { figuresOf, summaryRows } from '../council/activity.ts';
import {
  ActivityGrouping,
  type ActivitySummaryDbRow,
} from '../../repositories/council/activity-query.ts';
import { labelFor } from '../council/indicators.ts';
import { extraFigures, type ExtraFigures } from './report-figures.ts';
import { centreScopeOf, type CentreScope } from './report-scope.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

export interface ReportPeriod {
  kind: 'month' | 'year';
  month: string | null;
  fiscalYear: number | null;
  start: Date;
  end: Date;
  ja: string;
  en: string;
}

const MONTHS_EN =
  'January February March April May June July August September October November December'.split(
    ' ',
  );

/** The period a report query asks for; neither month nor year means this month in Japan. */
export function reportPeriod(
  query: Pick<CentreReportQuery, 'month' | 'fy'>,
  now = new Date(),
): ReportPeriod {
  if (query.fy !== undefined) {
    const label = labelFor(query.fy);
    return {
      kind: 'year',
      month: null,
      fiscalYear: query.fy,
      ...fiscalYearBounds(query.fy),
      ja: label.ja,
      en: label.en,
    };
  }
  const today = japanWallClock(now);
  const [year, month] = query.month
    ? (query.month.split('-').map(Number) as [number, number])
    : [today.getUTCFullYear(), today.getUTCMonth() + 1];
  const code = `${String(year)}-${String(month).padStart(2, '0')}`;
  return {
    kind: 'month',
    month: code,
    fiscalYear: null,
    start: instantInJapan(year, month),
    end: month === 12 ? instantInJapan(year + 1, 1) : instantInJapan(year, month + 1),
    ja: `${String(year)}年${String(month)}月`,
    en: `${MONTHS_EN[month - 1]!} ${String(year)}`,
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const NO_EXTRAS: ExtraFigures = {
  waiting: 0,
  residentsHelped: 0,
  activities: 0,
  personMinutes: 0,
  newVolunteers: 0,
  newResidents: 0,
};

function reportFigures(
  row: ActivitySummaryDbRow | undefined,
  extra: ExtraFigures | undefined,
): ReportFigures {
  const x = extra ?? NO_EXTRAS;
  const f = row ? figuresOf(row) : null;
  return {
    requests: f?.requests ?? 0,
    matched: f?.matched ?? 0,
    completed: f?.completed ?? 0,
    cancelled: f?.cancelled ?? 0,
    waiting: x.waiting,
    activeVolunteers: f?.activeVolunteers ?? 0,
    activities: x.activities,
    hours: f?.hoursGiven ?? 0,
    personHours: round2(x.personMinutes / 60),
    residentsHelped: x.residentsHelped,
    newVolunteers: x.newVolunteers,
    newResidents: x.newResidents,
    concerns: f?.concerns ?? 0,
  };
}

/**
 * A centre's monthly or annual report. The request figures are the council's activity summary
 * (the same facts and cohort: requests created in the period, as they stand now), so the
 * centre's report and the council dashboard never disagree; the rest comes from the same facts
 * (`extraFigures`). Every district of the scope gets a row, quiet ones included.
 */
export async function centreReport(
  db: Database,
  scope: CentreScope,
  period: ReportPeriod,
): Promise<CentreReport> {
  const filter = {
    start: period.start,
    end: period.end,
    districtIds: scope.districtIds,
    category: null,
  };
  const { asOf, rows } = await summaryRows(db, filter, 0);
  const extras = await extraFigures(db, filter);
  const of = (grouping: number) => rows.filter((row) => row.grouping === grouping);
  const byDistrictCode = new Map(of(ActivityGrouping.district).map((row) => [row.district, row]));
  const byCategory = new Map(of(ActivityGrouping.category).map((row) => [row.category, row]));
  return {
    period: {
      kind: period.kind,
      month: period.month,
      fiscalYear: period.fiscalYear,
      ja: period.ja,
      en: period.en,
      start: period.start.toISOString(),
      end: period.end.toISOString(),
    },
    district: scope.district && {
      code: scope.district.code,
      name: scope.district.name,
      nameEn: scope.district.nameEn,
    },
    asOf: asOf.toISOString(),
    total: reportFigures(of(ActivityGrouping.all)[0], extras.get('')),
    byCategory: helpCategories.map((category) => {
      const { requests, matched, completed, cancelled, waiting } = reportFigures(
        byCategory.get(category),
        extras.get(`c:${category}`),
      );
      return { category, requests, matched, completed, cancelled, waiting };
    }),
    byDistrict: scope.districts.map((district) => ({
      district: { code: district.code, name: district.name, nameEn: district.nameEn },
      ...reportFigures(byDistrictCode.get(district.code), extras.get(`d:${district.id}`)),
    })),
  };
}

/** The report for the session's scope (`GET /api/desk/reports`). */
export async function centreReportFor(
  db: Database,
  user: SessionUser,
  query: CentreReportQuery,
): Promise<CentreReport> {
  return centreReport(db, await centreScopeOf(db, user, query.district), reportPeriod(query));
}
