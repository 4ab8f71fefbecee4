import { z } from 'zod';
import { IsoDate } from './help-loop.ts';

/** A Japanese fiscal year (年度, April–March), named by the year it starts in. */
export const FiscalYear = z.int().min(2000).max(2100);
/** The same in a query string (`?fiscalYear=2026`). */
export const FiscalYearQuery = z.object({
  fiscalYear: z
    .string()
    .regex(/^\d{4}$/, { message: 'fiscal_year' })
    .transform(Number)
    .pipe(FiscalYear)
    .optional(),
});

/** The most volunteers one recording may enrol at once. */
export const INSURANCE_BATCH_MAX = 500;

/** A plan of the volunteer activity insurance (ボランティア活動保険), data the centre keeps. */
export const InsurancePlan = z.object({
  id: z.uuid(),
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  premiumYen: z.int(),
  active: z.boolean(),
});
export type InsurancePlan = z.infer<typeof InsurancePlan>;

/** The centre enrols one or several volunteers for a fiscal year (all or nothing). */
export const InsuranceEnrolmentBody = z.object({
  volunteerIds: z.array(z.uuid()).min(1).max(INSURANCE_BATCH_MAX),
  fiscalYear: FiscalYear,
  planId: z.uuid(),
  enrolledOn: IsoDate,
});
export type InsuranceEnrolmentBody = z.infer<typeof InsuranceEnrolmentBody>;

/** A correction of one enrolment: its plan and enrolment date. */
export const InsuranceCorrectionBody = z.object({ planId: z.uuid(), enrolledOn: IsoDate });
export type InsuranceCorrectionBody = z.infer<typeof InsuranceCorrectionBody>;

export const InsuranceEnrolment = z.object({
  id: z.uuid(),
  fiscalYear: z.int(),
  plan: InsurancePlan.nullable(),
  enrolledOn: IsoDate.nullable(),
  coversUntil: IsoDate,
  /** `migrated`: the volunteer's own date from before the centre kept the record. */
  source: z.enum(['centre', 'migrated']),
});
export type InsuranceEnrolment = z.infer<typeof InsuranceEnrolment>;

/** Why a volunteer cannot be matched today: no record at all, or cover that ended. */
export const InsuranceBlock = z.object({
  reason: z.enum(['none', 'expired']),
  /** The last covered day when `expired`. */
  expiredOn: IsoDate.nullable(),
});
export type InsuranceBlock = z.infer<typeof InsuranceBlock>;

export const InsuranceRosterEntry = z.object({
  volunteerId: z.uuid(),
  displayName: z.string(),
  /** The districts served, by both names. */
  districts: z.array(z.object({ name: z.string(), nameEn: z.string() })),
  verification: z.enum(['pending', 'active', 'suspended']),
  /** This fiscal year's enrolment, if any. */
  enrolment: InsuranceEnrolment.nullable(),
  /** The day matching reads: the last covered day, or null for none. */
  coveredUntil: IsoDate.nullable(),
  /** Set for an active volunteer not covered today: they are never matched. */
  blocked: InsuranceBlock.nullable(),
});
export type InsuranceRosterEntry = z.infer<typeof InsuranceRosterEntry>;

export const InsuranceRoster = z.object({
  fiscalYear: z.int(),
  today: IsoDate,
  plans: z.array(InsurancePlan),
  volunteers: z.array(InsuranceRosterEntry),
});
export type InsuranceRoster = z.infer<typeof InsuranceRoster>;

export const InsuranceRecorded = z.object({ recorded: z.int() });
export type InsuranceRecorded = z.infer<typeof InsuranceRecorded>;

/** What a volunteer sees of their own insurance: the centre's record, read-only. */
export const MyInsurance = z.object({
  enrolment: InsuranceEnrolment.nullable(),
  coveredUntil: IsoDate.nullable(),
  centrePhone: z.string().nullable(),
});
export type MyInsurance = z.infer<typeof MyInsurance>;
