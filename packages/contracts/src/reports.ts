import { z } from 'zod';
import { freeText } from './text.ts';
import { HelpCategory, RequestStatus } from './enums.ts';
import { DistrictCode, DistrictRef } from './districts.ts';

/** A GET form sends every field, the empty ones as ''; those mean "not given". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A calendar month in Japan time, `YYYY-MM`, years 2000–2100. */
export const ReportMonth = z
  .string()
  .regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, { message: 'report_month' });

/** A fiscal year (April to March) by the calendar year it starts in. */
export const ReportFiscalYear = z.coerce.number().int().min(2000).max(2100);

/**
 * The centre's report: a month (`month=2026-12`) or a fiscal year (`fy=2026`), never both;
 * neither means the current month. `district` narrows to one of the caller's districts.
 */
export const CentreReportQuery = z
  .object({
    district: optional(DistrictCode),
    month: optional(ReportMonth),
    fy: optional(ReportFiscalYear),
  })
  .refine((query) => query.month === undefined || query.fy === undefined, {
    message: 'month_or_year',
    path: ['fy'],
  });
export type CentreReportQuery = z.infer<typeof CentreReportQuery>;

const RequestFigures = z.object({
  requests: z.int(),
  /** Requests that had at least one volunteer proposed. */
  matched: z.int(),
  completed: z.int(),
  cancelled: z.int(),
  /** Still open, matching or unmatched now. */
  waiting: z.int(),
});

export const ReportFigures = RequestFigures.extend({
  activeVolunteers: z.int(),
  /** Completed matches (one volunteer or group on one request). */
  activities: z.int(),
  hours: z.number(),
  /** Hours × headcount: a group of five for two hours gives ten. */
  personHours: z.number(),
  residentsHelped: z.int(),
  newVolunteers: z.int(),
  newResidents: z.int(),
  concerns: z.int(),
});
export type ReportFigures = z.infer<typeof ReportFigures>;

export const CentreReport = z.object({
  period: z.object({
    kind: z.enum(['month', 'year']),
    month: z.string().nullable(),
    fiscalYear: z.int().nullable(),
    ja: z.string(),
    en: z.string(),
    /** [start, end) as instants. */
    start: z.string(),
    end: z.string(),
  }),
  /** The district asked for; null for all of the caller's districts (admins: the city). */
  district: DistrictRef.nullable(),
  asOf: z.string(),
  total: ReportFigures,
  byCategory: z.array(RequestFigures.extend({ category: HelpCategory })),
  byDistrict: z.array(ReportFigures.extend({ district: DistrictRef })),
});
export type CentreReport = z.infer<typeof CentreReport>;

export const exportKinds = ['requests', 'matches', 'volunteers', 'residents', 'activity'] as const;
export const ExportKind = z.enum(exportKinds);
export type ExportKind = z.infer<typeof ExportKind>;

/** Requests export: the desk's filters (without order and paging: the file has every row). */
export const RequestsExportQuery = z
  .object({
    status: optional(RequestStatus),
    category: optional(HelpCategory),
    district: optional(DistrictCode),
    from: optional(z.iso.date()),
    to: optional(z.iso.date()),
    q: optional(freeText({ min: 1, max: 80 })),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'date_range_order',
    path: ['to'],
  });
export type RequestsExportQuery = z.infer<typeof RequestsExportQuery>;

/** Matches export: by district and the request's window (Japan days, inclusive). */
export const MatchesExportQuery = z
  .object({
    district: optional(DistrictCode),
    from: optional(z.iso.date()),
    to: optional(z.iso.date()),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'date_range_order',
    path: ['to'],
  });
export type MatchesExportQuery = z.infer<typeof MatchesExportQuery>;

/** Volunteers and residents exports: the caller's districts, or one of them. */
export const DistrictExportQuery = z.object({ district: optional(DistrictCode) });
export type DistrictExportQuery = z.infer<typeof DistrictExportQuery>;
