import type { HelpCategory, NotificationEventType } from '@sasaeai/contracts';
import { and, count, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import {
  auditEvents,
  districts,
  helpRequests,
  matches,
  notifications,
  thanks,
  users,
  volunteerProfiles,
} from '../schema/index.ts';
import type { NotificationRow } from './delivery.ts';
import { CALL_OVERDUE_PREFIX } from './scheduled.ts';
import { loadInsuranceFacts, type InsuranceFacts } from './insurance-renewals.ts';

/**
 * What a message about one row may say, read when it is sent (so it says what is true then).
 * Never the resident's address, phone or notes, nor a concern's note: a mail can be forwarded.
 */
export interface MessageFacts {
  recipientEmail: string | null;
  category: HelpCategory | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  districtName: string | null;
  districtNameEn: string | null;
  /** The helper as the resident may know them: a group's name, or a person's first word of name. */
  helperName: string | null;
  thanksMessage: string | null;
  /** The request was cancelled (by its resident or a coordinator), not just this match. */
  requestCancelled: boolean;
  /** A first-timer's match was withdrawn because their experienced partner left (match.withdrawn). */
  partnerLeft: boolean;
  /** When an offer stops being open (offer.expiring). */
  offerExpiresAt: Date | null;
  /** What the newest coordinator's correction changed (task.changed, match.withdrawn). */
  changedFields: EditedField[];
  /** Proposals waiting for approval in the row's district now (proposals.waiting). */
  proposalsWaiting: number | null;
  /** The call an escalation is about: what it was for and since when (call.overdue). */
  overdueCall: { eventType: NotificationEventType; since: Date } | null;
  /** The cover now and the centre's phone (insurance.renewal_due). */
  insurance: InsuranceFacts | null;
}

export type EditedField = 'window' | 'peopleNeeded' | 'notes';
const editedFields: readonly string[] = ['window', 'peopleNeeded', 'notes'];

export async function loadMessageFacts(db: DbOrTx, row: NotificationRow): Promise<MessageFacts> {
  const facts = await loadMessageFactsFor(db, [row]);
  return facts.get(row.id)!;
}

/**
 * The facts of many rows: what most messages need (the recipient's address, the request) in
 * two queries for the whole batch; what only some events need, row by row.
 */
export async function loadMessageFactsFor(
  db: DbOrTx,
  rows: readonly NotificationRow[],
): Promise<Map<string, MessageFacts>> {
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const requestIds = [...new Set(rows.flatMap((row) => (row.requestId ? [row.requestId] : [])))];
  const recipients =
    userIds.length === 0
      ? []
      : await db
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(inArray(users.id, userIds));
  const requests =
    requestIds.length === 0
      ? []
      : await db
          .select({
            id: helpRequests.id,
            category: helpRequests.category,
            windowStart: helpRequests.windowStart,
            windowEnd: helpRequests.windowEnd,
            districtName: districts.name,
            districtNameEn: districts.nameEn,
            status: helpRequests.status,
          })
          .from(helpRequests)
          .innerJoin(districts, eq(districts.id, helpRequests.districtId))
          .where(inArray(helpRequests.id, requestIds));
  const emailOf = new Map(recipients.map((recipient) => [recipient.id, recipient.email]));
  const requestOf = new Map(requests.map((request) => [request.id, request]));
  const result = new Map<string, MessageFacts>();
  for (const row of rows) {
    const facts = baseFacts(emailOf.get(row.userId) ?? null);
    const request = row.requestId ? requestOf.get(row.requestId) : undefined;
    if (request) {
      const { id: _id, status, ...shown } = request;
      Object.assign(facts, shown);
      facts.requestCancelled = status === 'cancelled';
    }
    result.set(row.id, await addEventFacts(db, row, facts));
  }
  return result;
}

function baseFacts(recipientEmail: string | null): MessageFacts {
  return {
    recipientEmail,
    category: null,
    windowStart: null,
    windowEnd: null,
    districtName: null,
    districtNameEn: null,
    helperName: null,
    thanksMessage: null,
    requestCancelled: false,
    partnerLeft: false,
    offerExpiresAt: null,
    changedFields: [],
    proposalsWaiting: null,
    overdueCall: null,
    insurance: null,
  };
}

/** What only some events say: read for their rows alone. */
async function addEventFacts(
  db: DbOrTx,
  row: NotificationRow,
  facts: MessageFacts,
): Promise<MessageFacts> {
  if (row.matchId && row.eventType === 'offer.expiring') {
    const [offer] = await db
      .select({ expiresAt: matches.offerExpiresAt })
      .from(matches)
      .where(eq(matches.id, row.matchId));
    facts.offerExpiresAt = offer?.expiresAt ?? null;
  }
  if (row.requestId && row.eventType === 'task.changed') {
    facts.changedFields = await lastEditedFields(db, row.requestId, row.createdAt);
  }
  if (row.requestId && row.matchId && row.eventType === 'match.withdrawn') {
    facts.changedFields = await lastEditedFields(db, row.requestId, row.createdAt, row.matchId);
    const released = await newestAudit(db, 'match', row.matchId, 'match.cancelled', [
      sql`${auditEvents.details}->>'reason' = 'partner_left'`,
    ]);
    facts.partnerLeft = released !== undefined;
  }
  if (row.eventType === 'call.overdue' && row.eventKey.startsWith(CALL_OVERDUE_PREFIX)) {
    const callId = row.eventKey.slice(CALL_OVERDUE_PREFIX.length);
    const [call] = await db
      .select({ eventType: notifications.eventType, since: notifications.createdAt })
      .from(notifications)
      .where(eq(notifications.id, callId));
    facts.overdueCall = call ?? null;
  }
  if (
    row.districtId &&
    (row.eventType === 'proposals.waiting' || row.eventType === 'call.overdue')
  ) {
    const [district] = await db
      .select({ name: districts.name, nameEn: districts.nameEn })
      .from(districts)
      .where(eq(districts.id, row.districtId));
    facts.districtName = facts.districtName ?? district?.name ?? null;
    facts.districtNameEn = facts.districtNameEn ?? district?.nameEn ?? null;
  }
  if (row.districtId && row.eventType === 'proposals.waiting') {
    const [waiting] = await db
      .select({ count: count() })
      .from(matches)
      .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
      .where(and(eq(helpRequests.districtId, row.districtId), eq(matches.status, 'proposed')));
    facts.proposalsWaiting = waiting?.count ?? 0;
  }
  if (row.matchId && (row.eventType === 'match.accepted' || row.eventType === 'task.reminder')) {
    const [helper] = await db
      .select({
        displayName: users.displayName,
        kind: volunteerProfiles.kind,
        groupName: volunteerProfiles.groupName,
      })
      .from(matches)
      .innerJoin(users, eq(users.id, matches.volunteerId))
      .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, matches.volunteerId))
      .where(eq(matches.id, row.matchId));
    if (helper) facts.helperName = helperNameOf(helper);
  }
  if (row.eventType === 'insurance.renewal_due') {
    facts.insurance = await loadInsuranceFacts(db, row.userId, row.eventKey, row.districtId);
  }
  if (row.matchId && row.eventType === 'thanks.received') {
    const [thanked] = await db
      .select({ message: thanks.message })
      .from(thanks)
      .where(eq(thanks.matchId, row.matchId));
    facts.thanksMessage = thanked?.message ?? null;
  }
  return facts;
}

/** A group by its name; a person by the first word of their name (family name in Japanese). */
export function helperNameOf(helper: {
  displayName: string;
  kind: 'individual' | 'group' | null;
  groupName: string | null;
}): string {
  if (helper.kind === 'group' && helper.groupName) return helper.groupName;
  return helper.displayName.trim().split(/[\s\u3000]+/)[0] ?? helper.displayName;
}

/**
 * The fields the newest correction of the request (up to `asOf`) changed; with `withdrawnMatchId`,
 * only a correction that withdrew that match (so an old edit is not blamed for a later cancel).
 */
async function lastEditedFields(
  db: DbOrTx,
  requestId: string,
  asOf: Date,
  withdrawnMatchId?: string,
): Promise<EditedField[]> {
  const edit = await newestAudit(db, 'help_request', requestId, 'help_request.edited', [
    lte(auditEvents.createdAt, asOf),
    withdrawnMatchId
      ? sql`jsonb_exists(${auditEvents.details} -> 'withdrawnMatchIds', ${withdrawnMatchId})`
      : undefined,
  ]);
  const fields = (edit?.details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter((field): field is EditedField => editedFields.includes(field as string));
}

/** The newest audit row of one action on one subject that meets `more`. */
async function newestAudit(
  db: DbOrTx,
  subjectType: string,
  subjectId: string,
  action: string,
  more: (SQL | undefined)[],
): Promise<{ details: unknown } | undefined> {
  const [row] = await db
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, subjectType),
        eq(auditEvents.subjectId, subjectId),
        eq(auditEvents.action, action),
        ...more,
      ),
    )
    .orderBy(desc(auditEvents.createdAt))
    .limit(1);
  return row;
}
