import { z } from 'zod';
import { freeText } from './text.ts';
import { HelpCategory, RequestStatus, Urgency } from './enums.ts';
import { DistrictCode, DistrictRef } from './districts.ts';
import { RequestWhen } from './help-loop.ts';

/** A GET form sends every field, the empty ones as ''; those mean "no filter". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const deskSorts = [
  'window',
  'created',
  'waiting',
  'status',
  'category',
  'district',
] as const;
export const DeskSort = z.enum(deskSorts);
export type DeskSort = z.infer<typeof DeskSort>;

export const DESK_PAGE_SIZE = 50;

/** The coordinator's requests desk: filters, search, order and page (all from a GET form). */
export const DeskRequestQuery = z
  .object({
    status: optional(RequestStatus),
    category: optional(HelpCategory),
    /** Narrows to one of the caller's own districts; never widens the session's scope. */
    district: optional(DistrictCode),
    /** Window start from this day (Japan time), inclusive. */
    from: optional(z.iso.date()),
    /** Window start up to this day (Japan time), inclusive. */
    to: optional(z.iso.date()),
    /** Resident's name, kana or phone (any part of it). */
    q: optional(freeText({ min: 1, max: 80 })),
    sort: optional(DeskSort),
    dir: optional(z.enum(['asc', 'desc'])),
    page: optional(z.coerce.number().int().min(1).max(100_000)),
    perPage: optional(z.coerce.number().int().min(10).max(200)),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'date_range_order',
    path: ['to'],
  });
export type DeskRequestQuery = z.infer<typeof DeskRequestQuery>;

export const DeskRequestRow = z.object({
  id: z.uuid(),
  status: RequestStatus,
  category: HelpCategory,
  urgency: Urgency,
  district: DistrictRef,
  windowStart: z.string(),
  windowEnd: z.string(),
  asSoonAsPossible: z.boolean(),
  createdAt: z.string(),
  /** When it last entered matching, while it still waits for helpers; null otherwise. */
  waitingSince: z.string().nullable(),
  /** The district's coordinators see who asked; never the address or phone in a list. */
  resident: z.object({ fullName: z.string().nullable(), fullNameKana: z.string().nullable() }),
  peopleNeeded: z.int(),
  /** Helpers approved, offered, accepted or done; and proposals awaiting approval. */
  helpers: z.object({ placed: z.int(), proposed: z.int() }),
});
export type DeskRequestRow = z.infer<typeof DeskRequestRow>;

export const DeskRequestPage = z.object({
  rows: z.array(DeskRequestRow),
  total: z.int(),
  page: z.int(),
  perPage: z.int(),
  pageCount: z.int(),
});
export type DeskRequestPage = z.infer<typeof DeskRequestPage>;

/** Approve several proposals at once; each is its own guarded approval. */
export const BulkApproveBody = z.object({
  matchIds: z.array(z.uuid()).min(1).max(500),
});
export type BulkApproveBody = z.infer<typeof BulkApproveBody>;

export const BulkApproveResult = z.object({
  approved: z.array(z.uuid()),
  /** Proposals that could not be approved, named, with why (ja/en). */
  failed: z.array(
    z.object({
      matchId: z.uuid(),
      volunteerName: z.string(),
      request: z.object({
        id: z.uuid(),
        category: HelpCategory,
        windowStart: z.string(),
        windowEnd: z.string(),
        asSoonAsPossible: z.boolean(),
      }),
      reason: z.string(),
      message: z.object({ ja: z.string(), en: z.string() }),
    }),
  ),
});
export type BulkApproveResult = z.infer<typeof BulkApproveResult>;

/** A coordinator's correction of a request; at least one field. `notes: ''` clears the notes. */
export const EditRequestBody = z
  .object({
    when: RequestWhen.optional(),
    peopleNeeded: z.int().min(1).max(10).optional(),
    notes: freeText({ max: 500, multiline: true }).optional(),
  })
  .strict()
  .refine((b) => b.when !== undefined || b.peopleNeeded !== undefined || b.notes !== undefined, {
    message: 'nothing_to_change',
  });
export type EditRequestBody = z.infer<typeof EditRequestBody>;
