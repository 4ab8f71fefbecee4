import { z } from 'zod';
import { freeText } from './text.ts';
import { DistrictRef } from './districts.ts';
import { Phone } from './help-loop.ts';

/** A GET form sends every field, the empty ones as ''; those mean "no value". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const RESIDENT_PAGE_SIZE = 30;

/** The coordinator's resident register: search by name, kana, phone or address, paged. */
export const ResidentListQuery = z.object({
  q: optional(freeText({ min: 1, max: 80 })),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});
export type ResidentListQuery = z.infer<typeof ResidentListQuery>;

export const ResidentRow = z.object({
  id: z.uuid(),
  fullName: z.string(),
  fullNameKana: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  district: DistrictRef,
});
export type ResidentRow = z.infer<typeof ResidentRow>;

export const ResidentPage = z.object({
  residents: z.array(ResidentRow),
  page: z.int(),
  pageSize: z.int(),
  total: z.int(),
});
export type ResidentPage = z.infer<typeof ResidentPage>;

/** Who the intake form is about to register: likely duplicates are shown before saving. */
export const DuplicateQuery = z
  .object({
    fullName: optional(freeText({ min: 1, max: 80 })),
    fullNameKana: optional(freeText({ min: 1, max: 80 })),
    phone: optional(freeText({ min: 1, max: 40 })),
    /** Leave this resident out (the one being looked at). */
    except: optional(z.uuid()),
  })
  .refine((q) => q.fullName ?? q.fullNameKana ?? q.phone, {
    message: 'nothing_to_change',
    path: ['fullName'],
  });
export type DuplicateQuery = z.infer<typeof DuplicateQuery>;

export const duplicateReasons = ['phone', 'kana', 'name'] as const;
export const DuplicateReason = z.enum(duplicateReasons);
export type DuplicateReason = z.infer<typeof DuplicateReason>;

export const DuplicateSuggestions = z.object({
  residents: z.array(ResidentRow.extend({ reasons: z.array(DuplicateReason) })),
});
export type DuplicateSuggestions = z.infer<typeof DuplicateSuggestions>;

const Recorded = z.object({ at: z.string(), byName: z.string().nullable() });

export const ResidentRecord = ResidentRow.extend({
  emergencyContact: z
    .object({ name: z.string(), relation: z.string().nullable(), phone: z.string().nullable() })
    .nullable(),
  /** Agreed to their details being used to arrange help. */
  dataUseConsent: Recorded.extend({ method: z.string().nullable() }).nullable(),
  /** Agreed to their phone being given to the matched volunteer. */
  shareConsent: Recorded.nullable(),
  /** Set once merged into another resident (then read-only). */
  mergedInto: z.uuid().nullable(),
  hasLogin: z.boolean(),
  requestCount: z.int(),
});
export type ResidentRecord = z.infer<typeof ResidentRecord>;

export const ResidentRecordResponse = z.object({ resident: ResidentRecord });
export type ResidentRecordResponse = z.infer<typeof ResidentRecordResponse>;

export const EmergencyContact = z.object({
  name: freeText({ min: 1, max: 80 }),
  relation: freeText({ max: 40 }).optional(),
  phone: Phone.optional(),
});

/** A coordinator corrects a resident's record; unknown fields are refused, at least one field. */
export const UpdateResidentBody = z
  .object({
    fullName: freeText({ min: 1, max: 80 }).optional(),
    fullNameKana: freeText({ min: 1, max: 80 }).nullable().optional(),
    phone: Phone.nullable().optional(),
    address: freeText({ min: 4, max: 200 }).optional(),
    emergencyContact: EmergencyContact.nullable().optional(),
    /** true records it now (by the caller) unless already recorded; false withdraws it. */
    dataUseConsent: z.boolean().optional(),
    shareConsent: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'nothing_to_change',
    path: ['fullName'],
  });
export type UpdateResidentBody = z.infer<typeof UpdateResidentBody>;

/** Merge `duplicateId` into the resident of the path, who is kept. */
export const MergeResidentBody = z.object({ duplicateId: z.uuid() }).strict();
export type MergeResidentBody = z.infer<typeof MergeResidentBody>;

export const MergeResidentResponse = z.object({
  resident: ResidentRecord,
  /** Rows moved to the kept resident, by table and column. */
  moved: z.record(z.string(), z.int()),
});
export type MergeResidentResponse = z.infer<typeof MergeResidentResponse>;
