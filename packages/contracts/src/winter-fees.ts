import { z } from 'zod';
import { DistrictCode } from './districts.ts';
import { IsoDate } from './help-loop.ts';
import { WinterPaymentMethod } from './snow-enums.ts';
import { freeText } from './text.ts';

/** The largest fee or payment the paid winter service records, in yen. */
export const WINTER_FEE_MAX_YEN = 1_000_000;

/** A season named by its December's year (2026 is 1 Dec 2026 – 31 Mar 2027). */
export const SeasonYear = z.int().min(2000).max(2100);
/** The same in a query string (`?season=2026`). */
export const SeasonQuery = z.object({
  season: z
    .string()
    .regex(/^\d{4}$/, { message: 'season_year' })
    .transform(Number)
    .pipe(SeasonYear)
    .optional(),
});

const Yen = z.int().min(0).max(WINTER_FEE_MAX_YEN);

/** 福祉除雪の料金区分: a class and its season fee, data the centre edits. */
export const WinterFeeClassBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, { message: 'fee_class_code' }),
  nameJa: freeText({ min: 1, max: 60 }),
  nameEn: freeText({ min: 1, max: 60 }),
  seasonFeeYen: Yen,
  active: z.boolean().default(true),
});
export type WinterFeeClassBody = z.infer<typeof WinterFeeClassBody>;

export const WinterFeeClass = z.object({
  id: z.uuid(),
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  seasonFeeYen: z.int(),
  active: z.boolean(),
});
export type WinterFeeClass = z.infer<typeof WinterFeeClass>;
export const WinterFeeClassList = z.object({ classes: z.array(WinterFeeClass) });
export type WinterFeeClassList = z.infer<typeof WinterFeeClassList>;

export const ResidentParams = z.object({ residentId: z.uuid() });

/** The centre sets a household's fee class for a season. */
export const WinterFeeAssignmentBody = z.object({ seasonYear: SeasonYear, feeClassId: z.uuid() });
export type WinterFeeAssignmentBody = z.infer<typeof WinterFeeAssignmentBody>;

/** One payment of the season fee as the centre records it. */
/** Voiding a payment recorded by mistake: why, in a few words (kept with the payment). */
export const WinterPaymentVoidBody = z.object({ reason: freeText({ min: 1, max: 200 }) });
export type WinterPaymentVoidBody = z.infer<typeof WinterPaymentVoidBody>;
export const WinterPaymentParams = z.object({ residentId: z.uuid(), paymentId: z.uuid() });

export const WinterPaymentBody = z.object({
  seasonYear: SeasonYear,
  amountYen: z.int().min(1).max(WINTER_FEE_MAX_YEN),
  paidOn: IsoDate,
  method: WinterPaymentMethod,
});
export type WinterPaymentBody = z.infer<typeof WinterPaymentBody>;

export const WinterPayment = z.object({
  id: z.uuid(),
  amountYen: z.int(),
  paidOn: IsoDate,
  method: WinterPaymentMethod,
  recordedBy: z.string(),
  recordedAt: z.string(),
  /** Set when the centre voided a payment recorded by mistake; it no longer counts as paid. */
  voided: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
});
export type WinterPayment = z.infer<typeof WinterPayment>;

/** A household's fee class, fee and payments for one season. */
export const WinterHouseholdFees = z.object({
  residentId: z.uuid(),
  fullName: z.string(),
  district: z.string(),
  seasonYear: z.int(),
  feeClass: WinterFeeClass.nullable(),
  /** The fee as it was when the class was set (null: no class yet). */
  seasonFeeYen: z.int().nullable(),
  paidYen: z.int(),
  payments: z.array(WinterPayment),
});
export type WinterHouseholdFees = z.infer<typeof WinterHouseholdFees>;

export const WinterFeesExportParams = z.object({ code: DistrictCode });
