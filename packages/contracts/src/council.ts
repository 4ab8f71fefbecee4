import { z } from 'zod';
import { BilingualText } from './errors.ts';
import { CentreStatus, HelpCategory } from './enums.ts';
import { DistrictCode } from './districts.ts';
import { decimalInput } from './numbers.ts';
import { freeText } from './text.ts';
import { Phone } from './help-loop.ts';

/** A fiscal year (年度, April–March) in both forms: 令和7年度（2025年度） / FY2025. */
export const FiscalYearLabel = z.object({ fiscalYear: z.int(), ja: z.string(), en: z.string() });
export type FiscalYearLabel = z.infer<typeof FiscalYearLabel>;

export const IndicatorTargetKind = z.enum(['number', 'increase', 'continue']);
export const IndicatorStatusCode = z.enum([
  'ahead',
  'on_track',
  'behind',
  'reported',
  'not_reported',
  'no_data',
  'no_baseline',
]);
export const IndicatorMeasuredBy = z.enum(['system', 'manual']);

const IndicatorPoint = z.object({
  value: z.number().nullable(),
  text: z.string().nullable(),
  fiscalYear: FiscalYearLabel.nullable(),
});

export const IndicatorView = z.object({
  code: z.string(),
  vision: z.int(),
  concept: z.int().nullable(),
  kind: z.enum(['outcome', 'indicator']),
  owner: z.string(),
  name: z.string(),
  /** The name on English pages (the plan's wording translated). */
  nameEn: z.string(),
  unit: z.string().nullable(),
  measuredBy: IndicatorMeasuredBy,
  targetKind: IndicatorTargetKind,
  baseline: IndicatorPoint.extend({
    note: z.string().nullable(),
    /** The note on English pages (null: none, or staff's own note shown as written). */
    noteEn: z.string().nullable(),
    /** `plan` = printed in the plan; `computed` = the plan gives none, the app measured it. */
    source: z.enum(['plan', 'computed']),
  }),
  target: IndicatorPoint.extend({ note: z.string().nullable(), noteEn: z.string().nullable() }),
  /** `noteEn`: a computed figure's note in English; null for staff's notes (shown as typed). */
  latest: IndicatorPoint.extend({
    note: z.string().nullable(),
    noteEn: z.string().nullable(),
  }).nullable(),
  /** For system indicators: the live count today (the latest is the last fiscal year-end). */
  today: z.object({ value: z.number(), asOf: z.string() }).nullable(),
  /**
   * Where a count the centres' paper registers add to comes from: the app's own count and this
   * fiscal year's paper figure (null until staff enter it). Null for other indicators.
   */
  sources: z.object({ app: z.number(), paper: z.number().nullable() }).nullable(),
  /** The straight-line path value for the latest value's fiscal year; null when none. */
  pathValue: z.number().nullable(),
  status: IndicatorStatusCode,
});
export type IndicatorView = z.infer<typeof IndicatorView>;
export const IndicatorList = z.object({
  currentFiscalYear: FiscalYearLabel,
  indicators: z.array(IndicatorView),
});

export const IndicatorParams = z.object({ code: freeText({ min: 1, max: 40 }) });

/**
 * A staff-entered number (see decimalInput): a blank string means "no value", so the refine
 * below asks for one. The bound matches the check constraint on indicator_values.value.
 */
export const INDICATOR_VALUE_MAX = 999_999_999_999.9999;
const IndicatorNumber = decimalInput({
  max: INDICATOR_VALUE_MAX,
  places: 4,
  message: 'indicator_value_number',
});

export const IndicatorValueBody = z
  .object({
    fiscalYear: z.coerce.number().int().min(2000).max(2100),
    value: IndicatorNumber.nullable().optional(),
    valueText: freeText({ min: 1, max: 200 }).nullable().optional(),
    note: freeText({ max: 1000, multiline: true }).nullable().optional(),
  })
  .refine((b) => (b.value ?? null) !== null || (b.valueText ?? null) !== null, {
    message: 'indicator_value_required',
    path: ['value'],
  });
export type IndicatorValueBody = z.infer<typeof IndicatorValueBody>;

export const IndicatorValueEntry = z.object({
  /** A uuid for staff rows; `system:<FY>` for computed year-end counts. */
  id: z.string(),
  fiscalYear: FiscalYearLabel,
  value: z.number().nullable(),
  valueText: z.string().nullable(),
  note: z.string().nullable(),
  /** A computed row's note in English; null for staff's notes (shown as typed). */
  noteEn: z.string().nullable(),
  enteredBy: z.string().nullable(),
  createdAt: z.string(),
  /** False for a value later corrected by a newer row of the same fiscal year. */
  current: z.boolean(),
});
export const IndicatorHistory = z.object({
  code: z.string(),
  values: z.array(IndicatorValueEntry),
});

export const ActivityQuery = z.object({
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
  district: DistrictCode.optional(),
  category: HelpCategory.optional(),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;

export const ActivityRow = z.object({
  district: z.string(),
  districtName: z.string(),
  districtNameEn: z.string(),
  /** `YYYY-MM` in Japan time. */
  month: z.string(),
  requests: z.int(),
  matched: z.int(),
  /** matched ÷ requests (0–1); null when no requests. */
  matchedShare: z.number().nullable(),
  /** Hours from a request's creation to its first proposal. */
  medianHoursToMatch: z.number().nullable(),
  p90HoursToMatch: z.number().nullable(),
  completed: z.int(),
  cancelled: z.int(),
  unmatched: z.int(),
  activeVolunteers: z.int(),
  hoursGiven: z.number(),
  thanks: z.int(),
  concerns: z.int(),
  /** Residents with a request this month who also hold the volunteer role. */
  reciprocalResidents: z.int(),
});
export type ActivityRow = z.infer<typeof ActivityRow>;
/**
 * The figures of a group of requests, computed over the group itself (not summed from its
 * rows): medians and p90s are exact, and active volunteers and reciprocal residents count each
 * person once however many months or districts they appear in.
 */
export const ActivityTotals = ActivityRow.omit({
  district: true,
  districtName: true,
  districtNameEn: true,
  month: true,
});
export type ActivityTotals = z.infer<typeof ActivityTotals>;
export const ActivityReport = z.object({
  fiscalYear: FiscalYearLabel,
  district: z.string().nullable(),
  category: HelpCategory.nullable(),
  /** The figures include every change committed before this instant (ISO 8601). */
  asOf: z.string(),
  rows: z.array(ActivityRow),
  /** The same selection as `rows`, totalled whole and by category, month and district. */
  totals: z.object({
    all: ActivityTotals,
    byCategory: z.array(ActivityTotals.extend({ category: HelpCategory })),
    byMonth: z.array(ActivityTotals.extend({ month: z.string() })),
    byDistrict: z.array(
      ActivityTotals.extend({
        district: z.string(),
        districtName: z.string(),
        districtNameEn: z.string(),
      }),
    ),
  }),
});
export type ActivityReport = z.infer<typeof ActivityReport>;

export const PublicSummary = z.object({
  fiscalYear: FiscalYearLabel,
  centresOpen: z.int(),
  centresTarget: z.int(),
  volunteers: z.object({ individuals: z.int(), groups: z.int() }),
  requests: z.int(),
  completed: z.int(),
  hoursGiven: z.number(),
  /** Only districts with at least 10 requests in the year, so nobody can be identified. */
  districts: z.array(
    z.object({
      district: z.string(),
      name: z.string(),
      nameEn: z.string(),
      requests: z.int(),
      completed: z.int(),
    }),
  ),
  suppressedDistricts: z.int(),
  note: BilingualText,
  /** The figures include every change committed before this instant (ISO 8601). */
  asOf: z.string(),
});

export const CouncilCentre = z.object({
  id: z.uuid(),
  district: z.string(),
  name: z.string(),
  /** The name on English pages (Chuo District Volunteer Centre). */
  nameEn: z.string(),
  status: CentreStatus,
  openedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  /** The centre's public phone and opening hours, which its district's residents see. */
  phone: z.string().nullable(),
  hoursJa: z.string().nullable(),
  hoursEn: z.string().nullable(),
});
export type CouncilCentre = z.infer<typeof CouncilCentre>;
export const CouncilCentreList = z.object({ centres: z.array(CouncilCentre) });
const IsoDate = z.iso.date();
export const CentreNameEn = freeText({ min: 1, max: 80 });
const CentreHours = freeText({ min: 1, max: 200 });
export const CentreBody = z.object({
  district: DistrictCode,
  name: freeText({ min: 1, max: 100 }),
  /**
   * The name on English pages, 1–80 characters. Omitted: kept as it is; a new centre is named
   * after its district (Chuo District Volunteer Centre) until staff word it.
   */
  nameEn: CentreNameEn.optional(),
  status: CentreStatus,
  openedOn: IsoDate.nullable().optional(),
  closedOn: IsoDate.nullable().optional(),
  /** Digits and hyphens (0166-12-3456). Omitted: kept as it is; null: removed. */
  phone: Phone.nullable().optional(),
  /** Opening hours as free text, at most 200 characters each. Omitted: kept; null: removed. */
  hoursJa: CentreHours.nullable().optional(),
  hoursEn: CentreHours.nullable().optional(),
});
export const CentreParams = z.object({ id: z.uuid() });

export const DistrictImportBody = z.object({
  csv: freeText({ min: 1, max: 200_000, multiline: true }),
});
export const DistrictImportResult = z.object({
  imported: z.int(),
  created: z.int(),
  updated: z.int(),
});
