import { z } from 'zod';
import { HelpCategory, RequestStatus } from './enums.ts';

/** The centre printed at the foot of a paper: its public phone, never a person's. */
export const PaperCentre = z.object({ name: z.string(), phone: z.string().nullable() });

/**
 * A notice printed for a resident without a device: who is coming (a first name or a group's
 * name), when, and the centre's phone. No address or the resident's phone: it is their own door.
 */
export const PrintableNotice = z.object({
  requestId: z.uuid(),
  residentName: z.string(),
  category: HelpCategory,
  windowStart: z.iso.datetime(),
  windowEnd: z.iso.datetime(),
  helpers: z.array(z.string()),
  district: z.string(),
  centre: PaperCentre.nullable(),
});
export type PrintableNotice = z.infer<typeof PrintableNotice>;
export const PrintableNoticeResponse = z.object({ notice: PrintableNotice });

export const ActivityMonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'YYYY-MM' })
    .optional(),
});

/** One household's help in one month (JST), for the centre's paper file or the household. */
export const ActivitySheet = z.object({
  residentId: z.uuid(),
  residentName: z.string(),
  month: z.string(),
  district: z.string(),
  centre: PaperCentre.nullable(),
  rows: z.array(
    z.object({
      requestId: z.uuid(),
      windowStart: z.iso.datetime(),
      category: HelpCategory,
      status: RequestStatus,
      helpers: z.array(z.string()),
      minutes: z.number().int().nullable(),
    }),
  ),
});
export type ActivitySheet = z.infer<typeof ActivitySheet>;
export const ActivitySheetResponse = z.object({ sheet: ActivitySheet });
