/**
 * Japan's fiscal year (年度) runs from 1 April to 31 March and is named after the year it
 * starts in; 令和N年度 = FY(2018 + N). Dates are read in Japan time (UTC+9, no DST).
 */
import { instantInJapan, japanWallClock } from './japan-time.ts';

export function fiscalYearOf(instant: Date): number {
  const jst = japanWallClock(instant);
  const year = jst.getUTCFullYear();
  return jst.getUTCMonth() >= 3 ? year : year - 1;
}

/** The first instant of the fiscal year and of the next one, as UTC instants. */
export function fiscalYearBounds(fiscalYear: number): { start: Date; end: Date } {
  return {
    start: instantInJapan(fiscalYear, 4),
    end: instantInJapan(fiscalYear + 1, 4),
  };
}

/** 令和 started on 1 May 2019; FY2019 (which began in 平成31年4月) is called 令和元年度. */
export function reiwaLabel(fiscalYear: number): string {
  const n = fiscalYear - 2018;
  if (n < 1) throw new RangeError(`FY${fiscalYear} is before 令和`);
  return `令和${n === 1 ? '元' : String(n)}年度`;
}

export function fiscalYearLabel(fiscalYear: number): { ja: string; en: string } {
  return { ja: `${reiwaLabel(fiscalYear)}（${fiscalYear}年度）`, en: `FY${fiscalYear}` };
}
