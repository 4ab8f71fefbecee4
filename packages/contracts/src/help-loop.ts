import { z } from 'zod';
import {
  HelpCategory,
  MatchStatus,
  RequestStatus,
  Urgency,
  VerificationStatus,
  VolunteerKind,
} from './enums.ts';
import { DistrictCode } from './districts.ts';
import { freeText } from './text.ts';
import { SupportMarks } from './supported.ts';
import { IneligibleReason, ScoreBreakdown } from './score-breakdown.ts';
import { PageNumber } from './paging.ts';

export const IsoDate = z.iso.date();
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'clock_time' });
const IsoInstant = z.string();

/** When help is wanted: as soon as possible, or a date and a time window (Japan time). */
export const RequestWhen = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('asap') }),
  z
    .object({ kind: z.literal('window'), date: IsoDate, from: ClockTime, to: ClockTime })
    .refine((w) => w.from < w.to, { message: 'window_order', path: ['to'] }),
]);
export type RequestWhen = z.infer<typeof RequestWhen>;

/** Where: the address on the resident's profile, or another one in the city. */
export const RequestWhere = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profile') }),
  z.object({ kind: z.literal('other'), address: freeText({ min: 4, max: 200 }) }),
]);
export type RequestWhere = z.infer<typeof RequestWhere>;

export const Phone = z
  .string()
  .trim()
  .regex(/^0\d{1,4}-?\d{1,4}-?\d{3,4}$/, { message: 'phone_format' });

/** A resident a coordinator registers while taking a request by phone (代理受付). */
export const ProxyResident = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('existing'), residentId: z.uuid() }),
  z.object({
    kind: z.literal('new'),
    fullName: freeText({ min: 1, max: 80 }),
    fullNameKana: freeText({ min: 1, max: 80 }),
    phone: Phone,
    address: freeText({ min: 4, max: 200 }),
    /** The resident agreed on the phone to their details being used to arrange help. */
    consentByPhone: z.literal(true, { message: 'consent_required' }),
  }),
]);
export type ProxyResident = z.infer<typeof ProxyResident>;

export const CreateHelpRequestBody = z
  .object({
    category: HelpCategory,
    when: RequestWhen,
    where: RequestWhere,
    peopleNeeded: z.int().min(1).max(10).default(1),
    urgency: Urgency.default('normal'),
    notes: freeText({ max: 500, multiline: true }).optional(),
    /** 要配慮個人情報 (e.g. health): optional, and only with explicit consent. */
    sensitiveNotes: freeText({ max: 500, multiline: true }).optional(),
    sensitiveConsent: z.boolean().default(false),
    /** Only for coordinators: the resident on whose behalf the request is made. */
    onBehalfOf: ProxyResident.optional(),
  })
  .refine((b) => !b.sensitiveNotes || b.sensitiveConsent, {
    message: 'sensitive_consent_required',
    path: ['sensitiveConsent'],
  });
export type CreateHelpRequestBody = z.infer<typeof CreateHelpRequestBody>;

export const VolunteerRef = z.object({
  id: z.uuid(),
  displayName: z.string(),
  kind: VolunteerKind,
  headcount: z.int(),
});

/** Revealed only to the district's coordinators, and to the volunteer after acceptance. */
export const ResidentContact = z.object({
  fullName: z.string(),
  address: z.string(),
  phone: z.string().nullable(),
  /** 要配慮個人情報 (e.g. health) the resident consented to share with those who help. */
  sensitiveNotes: z.string().nullable(),
  /** How to get in and where the tools are, from a winter registration (snow requests only). */
  accessNotes: z.string().nullable(),
});
export type ResidentContact = z.infer<typeof ResidentContact>;

export const TimelineEntry = z.object({ status: RequestStatus, at: IsoInstant });

export const MatchView = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  status: MatchStatus,
  slot: z.int(),
  volunteer: VolunteerRef,
  score: z.number(),
  breakdown: ScoreBreakdown.nullable(),
  offerExpiresAt: IsoInstant.nullable(),
  completedAt: IsoInstant.nullable(),
  minutesSpent: z.int().nullable(),
  thanked: z.boolean(),
  /** 連絡票: the volunteer's note on completion; only for the district's coordinators. */
  wellbeingNote: z.string().nullable(),
});
export type MatchView = z.infer<typeof MatchView>;

export const HelpRequestView = z.object({
  id: z.uuid(),
  category: HelpCategory,
  status: RequestStatus,
  district: z.string(),
  districtName: z.string(),
  districtNameEn: z.string(),
  windowStart: IsoInstant,
  windowEnd: IsoInstant,
  asSoonAsPossible: z.boolean(),
  peopleNeeded: z.int(),
  urgency: Urgency,
  notes: z.string().nullable(),
  viaProxy: z.boolean(),
  createdAt: IsoInstant,
  unmatchedReason: z.string().nullable(),
  /** When a coordinator sent it to the neighbouring districts' volunteers at once. */
  neighboursOpenedAt: IsoInstant.nullable(),
  residentName: z.string().nullable(),
  /** The resident's user id, for the district's coordinators (their notification settings). */
  residentId: z.uuid().nullable(),
  contact: ResidentContact.nullable(),
  timeline: z.array(TimelineEntry),
  matches: z.array(MatchView),
});
export type HelpRequestView = z.infer<typeof HelpRequestView>;

export const HelpRequestResponse = z.object({ request: HelpRequestView });
export const HelpRequestList = z.object({
  requests: z.array(HelpRequestView),
  /** Whether another page (`page + 1`) holds more, newest first. */
  hasMore: z.boolean(),
});

export const HelpRequestQuery = z.object({
  /** Only one's own requests as a resident, even for someone who also coordinates. */
  mine: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  status: RequestStatus.optional(),
  district: DistrictCode.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** 1-based page of `limit` requests, newest first (a long list is read in pages). */
  page: PageNumber,
});

export const IdParams = z.object({ id: z.uuid() });
export const CancelBody = z.object({ reason: freeText({ max: 300, multiline: true }).optional() });
export const ThanksBody = z.object({ message: freeText({ min: 1, max: 500, multiline: true }) });
export const AssignBody = z.object({ volunteerId: z.uuid() });
export const RejectBody = z.object({ reason: freeText({ max: 300, multiline: true }).optional() });
/** Why a volunteer cannot take or keep a task: a short list (codes only, kept in the audit). */
export const VolunteerReason = z.enum(['schedule', 'unwell', 'too_far', 'cannot_do', 'other']);
export type VolunteerReason = z.infer<typeof VolunteerReason>;
/** 「行けなくなりました」: a volunteer hands an accepted task back, with an optional reason. */
export const HandBackBody = z.object({ reason: VolunteerReason.optional() });
export type HandBackBody = z.infer<typeof HandBackBody>;

/** 「ことわる」: a volunteer declines an offer, with an optional reason (a code, for the centre's figures). */
export const DeclineBody = z.object({ reason: VolunteerReason.optional() }).nullish();
export type DeclineBody = z.infer<typeof DeclineBody>;

/** A coordinator records a no-show; `inbox` sends the request to the inbox instead of matching. */
export const NoShowBody = z.object({ next: z.enum(['rematch', 'inbox']).default('rematch') });
export type NoShowBody = z.infer<typeof NoShowBody>;

export const CompleteBody = z.object({
  minutesSpent: z.int().min(1).max(1440),
  wellbeingNote: freeText({ max: 500, multiline: true }).optional(),
  /** 「この方のことが心配です」: raises a concern to the district coordinator. */
  concern: z.boolean().default(false),
});
export type CompleteBody = z.infer<typeof CompleteBody>;

export const Candidate = z.object({
  volunteer: VolunteerRef,
  score: z.number(),
  breakdown: ScoreBreakdown,
  /** Serves only a neighbouring district: the matcher asks them after the neighbour wait. */
  fromNeighbour: z.boolean(),
  /** Supported volunteering marks (the coordinator's list only). */
  support: SupportMarks.optional(),
});
export type Candidate = z.infer<typeof Candidate>;
/**
 * A volunteer who fits the request in every way but the first-task buddy rule (supported
 * volunteering): they may join once someone else holds a place.
 */
export const WaitingForBuddy = z.object({
  volunteer: VolunteerRef,
  reason: IneligibleReason,
});
export type WaitingForBuddy = z.infer<typeof WaitingForBuddy>;
export const CandidateList = z.object({
  candidates: z.array(Candidate),
  waitingForBuddy: z.array(WaitingForBuddy).optional(),
});

export const MatchQuery = z.object({
  status: MatchStatus.optional(),
  district: DistrictCode.optional(),
  /** Only these matches (comma-separated ids, at most 20): a bulk approval's refusals named. */
  ids: z
    .string()
    .max(20 * 37)
    .transform((value) => value.split(','))
    .pipe(z.array(z.uuid()).min(1).max(20))
    .optional(),
  /** 1-based page of `MATCH_PAGE_SIZE`: proposals by their request's time, others newest first. */
  page: PageNumber,
});

/** Matches per page of `GET /api/matches` (the approval queue shows one page). */
export const MATCH_PAGE_SIZE = 50;

/** A match as the coordinator's queue and the volunteer's offers show it. */
export const MatchWithRequest = MatchView.extend({
  request: z.object({
    id: z.uuid(),
    category: HelpCategory,
    district: z.string(),
    districtName: z.string(),
    districtNameEn: z.string(),
    windowStart: IsoInstant,
    windowEnd: IsoInstant,
    asSoonAsPossible: z.boolean(),
    peopleNeeded: z.int(),
    urgency: Urgency,
    notes: z.string().nullable(),
  }),
  contact: ResidentContact.nullable(),
  /** Supported-volunteering marks: only in the district coordinators' queue. */
  support: SupportMarks.optional(),
});
export type MatchWithRequest = z.infer<typeof MatchWithRequest>;
export const MatchList = z.object({ matches: z.array(MatchWithRequest) });
/** A page of `GET /api/matches`, with how many match the query in all pages. */
export const MatchPage = MatchList.extend({ total: z.int(), hasMore: z.boolean() });
export const MatchResponse = z.object({ match: MatchWithRequest });

export const WeeklySlot = z
  .object({ weekday: z.int().min(0).max(6), from: ClockTime, to: ClockTime })
  .refine((s) => s.from < s.to, { message: 'window_order', path: ['to'] });

export const VolunteerProfileBody = z
  .object({
    kind: VolunteerKind,
    groupName: freeText({ max: 100 }).optional(),
    headcount: z.int().min(1).max(500).default(1),
    representativeName: freeText({ max: 80 }).optional(),
    skills: z.array(HelpCategory).min(1).max(6),
    equipment: z
      .array(freeText({ min: 1, max: 40 }))
      .max(10)
      .default([]),
    districts: z.array(DistrictCode).min(1).max(10),
    helpsNeighbours: z.boolean().default(false),
    availability: z.array(WeeklySlot).max(28).default([]),
    maxTasksPerWeek: z.int().min(1).max(50).default(2),
    // No insurance date: the centre keeps that record (`/api/volunteers/insurance`).
  })
  .refine((b) => b.kind === 'group' || b.headcount === 1, {
    message: 'individual_headcount',
    path: ['headcount'],
  })
  .refine((b) => b.kind === 'individual' || (b.groupName && b.groupName.length > 0), {
    message: 'group_name_required',
    path: ['groupName'],
  });
export type VolunteerProfileBody = z.infer<typeof VolunteerProfileBody>;

export const VolunteerProfileView = z.object({
  userId: z.uuid(),
  kind: VolunteerKind,
  groupName: z.string().nullable(),
  headcount: z.int(),
  representativeName: z.string().nullable(),
  skills: z.array(HelpCategory),
  equipment: z.array(z.string()),
  districts: z.array(z.string()),
  helpsNeighbours: z.boolean(),
  availability: z.array(z.object({ weekday: z.int(), from: z.string(), to: z.string() })),
  maxTasksPerWeek: z.int(),
  /** The last day the centre's insurance record covers (read-only here). */
  insuranceExpiresOn: z.string().nullable(),
  /** The phone of a centre of the volunteer's districts, to ask about insurance. */
  insuranceCentrePhone: z.string().nullable(),
  verification: VerificationStatus,
  trusted: z.boolean(),
});
export type VolunteerProfileView = z.infer<typeof VolunteerProfileView>;
export const VolunteerProfileResponse = z.object({ profile: VolunteerProfileView });

export const ConcernView = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  district: z.string(),
  status: z.enum(['open', 'in_progress', 'closed']),
  note: z.string().nullable(),
  raisedBy: z.string(),
  residentName: z.string(),
  createdAt: IsoInstant,
  /** The case's own follow-up date or its earliest live referral's (JST date), if any. */
  followUpOn: IsoDate.nullable().default(null),
  overdue: z.boolean().default(false),
});
/** A page of cases (CONCERN_PAGE_SIZE, see concerns.ts), overdue first. */
export const ConcernList = z.object({ concerns: z.array(ConcernView), hasMore: z.boolean() });
export type ConcernList = z.infer<typeof ConcernList>;

export const DistrictSettingsBody = z.object({
  autoApproveTrusted: z.boolean(),
  offerTtlHours: z.int().min(1).max(168),
  /** APPI: finished requests lose address and notes after this many years (kept when omitted). */
  retentionYears: z.int().min(1).max(10).optional(),
  /**
   * Snow offers may wake volunteers from 05:00, inside their quiet hours (kept when omitted).
   */
  snowOffersFromFive: z.boolean().optional(),
});
export const DistrictSettingsView = DistrictSettingsBody.extend({
  district: z.string(),
  retentionYears: z.int(),
  snowOffersFromFive: z.boolean(),
});

export const TrustBody = z.object({ trusted: z.boolean() });

/** A resident's own registered details (shown to them when they ask for help). */
export const ResidentProfileView = z.object({
  fullName: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  district: z.string().nullable(),
});
export const ResidentProfileResponse = z.object({ profile: ResidentProfileView });
export type ResidentProfileResponse = z.infer<typeof ResidentProfileResponse>;

/**
 * A resident corrects their own phone and address (a move, a new number). The district follows
 * the address; `null` phone removes it. At least one of the two.
 */
export const UpdateOwnContactBody = z
  .object({
    phone: Phone.nullable().optional(),
    address: freeText({ min: 4, max: 200 }).optional(),
  })
  .strict()
  .refine((body) => body.phone !== undefined || body.address !== undefined, {
    message: 'nothing_to_change',
    path: ['address'],
  });
export type UpdateOwnContactBody = z.infer<typeof UpdateOwnContactBody>;
