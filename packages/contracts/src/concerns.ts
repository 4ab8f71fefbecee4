import { z } from 'zod';
import { freeText } from './text.ts';
import { ConcernView, IsoDate } from './help-loop.ts';
import { PageNumber } from './paging.ts';

/** 見守り case management: a concern is a case with notes, referrals and a follow-up date. */
export const concernStatuses = ['open', 'in_progress', 'closed'] as const;
export const ConcernStatus = z.enum(concernStatuses);

/** Cases of the caller's districts a page at a time, overdue first (GET /api/concerns). */
export const ConcernListQuery = z.object({ status: ConcernStatus.optional(), page: PageNumber });
export const CONCERN_PAGE_SIZE = 50;
export type ConcernStatus = z.infer<typeof ConcernStatus>;

/** A `consultation` note is a 相談 the coordinator received: it counts toward V3-1-b. */
export const concernNoteKinds = ['note', 'consultation'] as const;
export const ConcernNoteKind = z.enum(concernNoteKinds);
export type ConcernNoteKind = z.infer<typeof ConcernNoteKind>;

export const referralTargets = ['houkatsu', 'minsei_iin', 'family', 'other'] as const;
export const ReferralTarget = z.enum(referralTargets);
export type ReferralTarget = z.infer<typeof ReferralTarget>;

export const referralStatuses = ['proposed', 'made', 'accepted', 'declined', 'closed'] as const;
export const ReferralStatus = z.enum(referralStatuses);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

const CaseText = freeText({ min: 1, max: 2000, multiline: true });
const ShortNote = freeText({ max: 500, multiline: true });

export const ConcernNoteBody = z.object({
  text: CaseText,
  kind: ConcernNoteKind.default('note'),
});
export type ConcernNoteBody = z.infer<typeof ConcernNoteBody>;

export const ConcernCaseBody = z
  .object({
    status: ConcernStatus.optional(),
    /** A JST date; null clears it. */
    followUpOn: IsoDate.nullable().optional(),
  })
  .refine((b) => b.status !== undefined || b.followUpOn !== undefined, {
    message: 'nothing_to_change',
    path: ['status'],
  });
export type ConcernCaseBody = z.infer<typeof ConcernCaseBody>;

export const ReferralBody = z.object({
  to: ReferralTarget,
  note: ShortNote.optional(),
  followUpOn: IsoDate.nullable().optional(),
});
export type ReferralBody = z.infer<typeof ReferralBody>;

export const ReferralUpdateBody = z
  .object({
    status: ReferralStatus.optional(),
    note: ShortNote.optional(),
    followUpOn: IsoDate.nullable().optional(),
  })
  .refine((b) => b.status !== undefined || b.note !== undefined || b.followUpOn !== undefined, {
    message: 'nothing_to_change',
    path: ['status'],
  });
export type ReferralUpdateBody = z.infer<typeof ReferralUpdateBody>;

export const ReferralParams = z.object({ id: z.uuid(), referralId: z.uuid() });

export const ConcernNoteView = z.object({
  id: z.uuid(),
  kind: ConcernNoteKind,
  text: z.string(),
  author: z.string(),
  at: z.string(),
});

export const ReferralView = z.object({
  id: z.uuid(),
  to: ReferralTarget,
  status: ReferralStatus,
  note: z.string().nullable(),
  followUpOn: IsoDate.nullable(),
  updatedAt: z.string(),
});

export const ConcernCaseView = z.object({
  concern: ConcernView,
  /** The case's own follow-up date (the list shows the earliest of it and its referrals'). */
  caseFollowUpOn: IsoDate.nullable(),
  notes: z.array(ConcernNoteView),
  referrals: z.array(ReferralView),
  /** What the caller may do: a 民生委員 only adds notes. */
  canManage: z.boolean(),
});
export type ConcernCaseView = z.infer<typeof ConcernCaseView>;

/** A consultation received outside any case: a short summary, no names needed. */
export const ConsultationBody = z.object({
  summary: freeText({ min: 1, max: 500, multiline: true }),
});
export type ConsultationBody = z.infer<typeof ConsultationBody>;
