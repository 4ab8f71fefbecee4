import { z } from 'zod';
import { freeText } from './text.ts';
import { HelpCategory, Locale, MatchStatus, RequestStatus, Role } from './enums.ts';
import { SeasonPairingRole, SeasonPairingStatus } from './snow-enums.ts';

const when = z.iso.datetime({ offset: true });

/**
 * Everything Sasaeai holds about the signed-in person (APPI disclosure). Other people appear
 * only by the display name they chose to show (helpers), or by role (coordinators).
 */
export const MyDataExport = z.object({
  exportedAt: when,
  account: z.object({
    id: z.uuid(),
    email: z.string().nullable(),
    displayName: z.string(),
    locale: Locale,
    createdAt: when,
    privacyConsentAt: when.nullable(),
    privacyNoticeVersion: z.string().nullable(),
    roles: z.array(z.object({ role: Role, district: z.string().nullable() })),
  }),
  residentProfile: z
    .object({
      fullName: z.string(),
      fullNameKana: z.string().nullable(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      district: z.string().nullable(),
      contactPreference: z.string(),
      consentAt: when.nullable(),
      consentMethod: z.string().nullable(),
      /** When they agreed to their phone being given to the matched volunteer. */
      shareConsentAt: when.nullable(),
      emergencyContact: z
        .object({
          name: z.string(),
          relation: z.string().nullable(),
          phone: z.string().nullable(),
        })
        .nullable(),
    })
    .nullable(),
  volunteerProfile: z
    .object({
      kind: z.string(),
      groupName: z.string().nullable(),
      headcount: z.number(),
      skills: z.array(z.string()),
      equipment: z.array(z.string()),
      maxTasksPerWeek: z.number(),
      verification: z.string(),
      insuranceExpiresOn: z.string().nullable(),
      districts: z.array(z.string()),
    })
    .nullable(),
  requests: z.array(
    z.object({
      id: z.uuid(),
      category: HelpCategory,
      status: RequestStatus,
      address: z.string(),
      windowStart: when,
      windowEnd: when,
      notes: z.string().nullable(),
      sensitiveNotes: z.string().nullable(),
      createdAt: when,
      helpers: z.array(z.object({ displayName: z.string(), status: MatchStatus })),
    }),
  ),
  helped: z.array(
    z.object({
      matchId: z.uuid(),
      requestId: z.uuid(),
      category: HelpCategory,
      status: MatchStatus,
      windowStart: when,
      windowEnd: when,
      minutesSpent: z.number().nullable(),
      wellbeingNote: z.string().nullable(),
      completedAt: when.nullable(),
    }),
  ),
  thanksSent: z.array(
    z.object({ requestId: z.uuid(), to: z.string(), message: z.string(), at: when }),
  ),
  thanksReceived: z.array(z.object({ requestId: z.uuid(), message: z.string(), at: when })),
  concernsWritten: z.array(
    z.object({ requestId: z.uuid(), note: z.string().nullable(), status: z.string(), at: when }),
  ),
  /** How they are reached (the LINE user id itself is not shown, as on the settings page). */
  notificationPreferences: z
    .object({
      channelOrder: z.array(z.string()),
      smsPhone: z.string().nullable(),
      lineLinked: z.boolean(),
      quietStartHour: z.number().nullable(),
      quietEndHour: z.number().nullable(),
    })
    .nullable(),
  /** What they sent by SMS or LINE (replies to offers, link codes) and what came of it. */
  messagesSent: z.array(
    z.object({ channel: z.string(), text: z.string(), outcome: z.string(), at: when }),
  ),
  /** Season pairings the person is in, as the helper or as the household. */
  seasonPairings: z.array(
    z.object({
      as: z.enum(['helper', 'household']),
      with: z.string(),
      role: SeasonPairingRole,
      status: SeasonPairingStatus,
      metOn: z.string(),
      reason: z.string().nullable(),
    }),
  ),
  /** Who was shown this person's address and phone, when, and in which role. */
  addressViews: z.array(
    z.object({
      requestId: z.uuid(),
      at: when,
      via: z.enum(['coordinator', 'volunteer']),
      viewer: z.string().nullable(),
    }),
  ),
});
export type MyDataExport = z.infer<typeof MyDataExport>;

export const DeletionRequestStatus = z.enum(['requested', 'done', 'refused']);
export type DeletionRequestStatus = z.infer<typeof DeletionRequestStatus>;

export const MyDeletionRequest = z.object({
  id: z.uuid(),
  status: DeletionRequestStatus,
  reason: z.string().nullable(),
  requestedAt: when,
  decidedAt: when.nullable(),
});
export type MyDeletionRequest = z.infer<typeof MyDeletionRequest>;

export const MyDeletionRequestResponse = z.object({ request: MyDeletionRequest.nullable() });
export type MyDeletionRequestResponse = z.infer<typeof MyDeletionRequestResponse>;

export const PendingDeletion = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  displayName: z.string(),
  requestedAt: when,
});
export const PendingDeletionsResponse = z.object({ requests: z.array(PendingDeletion) });
export type PendingDeletionsResponse = z.infer<typeof PendingDeletionsResponse>;

export const DeletionRequestParams = z.object({ id: z.uuid() });

export const RefuseDeletionBody = z.object({
  reason: freeText({ min: 1, max: 500, multiline: true }),
});
export type RefuseDeletionBody = z.infer<typeof RefuseDeletionBody>;

export const DeletionDecisionResponse = z.object({
  id: z.uuid(),
  status: DeletionRequestStatus,
});
export type DeletionDecisionResponse = z.infer<typeof DeletionDecisionResponse>;

const Day = z.iso.date();

/** Filters of the audit viewer; the districts come from the session, never from here. */
export const AuditQuery = z.object({
  resident: z.uuid().optional(),
  from: Day.optional(),
  to: Day.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: z.string(),
  at: when,
  action: z.string(),
  actorName: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  residentId: z.uuid().nullable(),
  residentName: z.string().nullable(),
  district: z.string().nullable(),
  /** For `resident.contact_revealed`: why it was shown (coordinator's view, accepted volunteer). */
  via: z.string().nullable(),
});
export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  page: z.int(),
  hasMore: z.boolean(),
});
export type AuditPage = z.infer<typeof AuditPage>;
