import { z } from 'zod';
import { HelpCategory, VolunteerKind } from './enums.ts';
import { FiscalYearLabel } from './council.ts';
import { PaperCentre } from './paper.ts';

export const HISTORY_PAGE_SIZE = 20;

/** Fiscal years a history or certificate may name (年度 from 令和元年度, 2019, to 2100). */
const FiscalYearParam = z.coerce.number().int().min(2019).max(2100);

/** A GET form or link: `fy` (default: the current fiscal year) and `page` (from 1). */
export const VolunteerHistoryQuery = z.object({
  fy: FiscalYearParam.optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type VolunteerHistoryQuery = z.infer<typeof VolunteerHistoryQuery>;

export const VolunteerCertificateQuery = z.object({ fy: FiscalYearParam.optional() });

/** Totals of completed tasks; person-minutes count a group's minutes once per member. */
export const ActivityTotalsView = z.object({
  activities: z.int(),
  hours: z.number(),
  personHours: z.number(),
});

/** One completed task as its volunteer may keep it: never the resident or the address. */
export const VolunteerHistoryRow = z.object({
  matchId: z.uuid(),
  date: z.iso.date(),
  category: HelpCategory,
  /** The district's names (the page shows the reader's language). */
  district: z.object({ name: z.string(), nameEn: z.string() }),
  hours: z.number(),
  personHours: z.number(),
});

export const VolunteerHistory = z.object({
  volunteerId: z.uuid(),
  name: z.string(),
  kind: VolunteerKind,
  headcount: z.int(),
  fiscalYear: FiscalYearLabel,
  /** Every fiscal year with completed tasks, newest first. */
  years: z.array(z.object({ fiscalYear: FiscalYearLabel, totals: ActivityTotalsView })),
  totals: ActivityTotalsView,
  rows: z.array(VolunteerHistoryRow),
  page: z.int(),
  pageCount: z.int(),
});
export type VolunteerHistory = z.infer<typeof VolunteerHistory>;
export const VolunteerHistoryResponse = z.object({ history: VolunteerHistory });

/** 活動証明書: what the printed page and the PDF state; `number` names the audited issuance. */
export const VolunteerCertificate = z.object({
  number: z.string(),
  volunteerId: z.uuid(),
  name: z.string(),
  kind: VolunteerKind,
  headcount: z.int(),
  fiscalYear: FiscalYearLabel,
  periodFrom: z.iso.date(),
  periodTo: z.iso.date(),
  totals: ActivityTotalsView,
  district: z.string(),
  centre: PaperCentre.nullable(),
  issuedOn: z.iso.date(),
});
export type VolunteerCertificate = z.infer<typeof VolunteerCertificate>;
export const VolunteerCertificateResponse = z.object({ certificate: VolunteerCertificate });
