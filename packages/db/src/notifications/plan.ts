import type { NotificationEventType, RelayedJob } from '@sasaeai/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { concerns, helpRequests, matches, roleAssignments, thanks } from '../schema/index.ts';

/** One person who must hear about one event. */
export interface NotificationPlan {
  userId: string;
  eventType: NotificationEventType;
  /** What happened, unique per event (with the person and channel, per row). */
  eventKey: string;
  matchId: string | null;
  requestId: string | null;
  /** Null for account mail, which belongs to no district. */
  districtId: string | null;
}

/**
 * Decides, from the database as it is now, who must hear what about a relayed event. A job is
 * only a prompt: a match that moved on since (offered, then accepted before the job ran) is
 * announced in its current state, and the event key names that state, so the same state is
 * never announced twice however often the job runs.
 */
export async function planNotifications(
  db: DbOrTx,
  job: Pick<RelayedJob, 'outboxId' | 'topic' | 'payload'>,
): Promise<NotificationPlan[]> {
  const { matchId, requestId } = job.payload;
  switch (job.topic) {
    case 'match.changed':
      return matchId ? planMatchChange(db, matchId) : [];
    case 'thanks.sent':
      return matchId ? planThanks(db, matchId) : [];
    case 'concern.raised':
      return matchId ? planConcern(db, matchId) : [];
    case 'notification.requested':
      return job.payload.kind === 'password_reset' && job.payload.userId
        ? [
            {
              userId: job.payload.userId,
              eventType: 'account.password_reset',
              // Each request is its own mail (the API limits how many an address gets).
              eventKey: `account.password_reset:${job.outboxId}`,
              matchId: null,
              requestId: null,
              districtId: null,
            },
          ]
        : [];
    case 'help_request.unmatched':
      // A request can reach the inbox more than once; each time is its own event.
      return requestId ? planUnmatched(db, requestId, job.outboxId) : [];
    case 'help_request.edited':
      // Each correction is its own event; the words say what the newest one changed.
      return requestId ? planEdited(db, requestId, job.outboxId) : [];
    default:
      return [];
  }
}

const matchWithRequestColumns = {
  id: matches.id,
  status: matches.status,
  volunteerId: matches.volunteerId,
  offeredAt: matches.offeredAt,
  respondedAt: matches.respondedAt,
  requestId: matches.requestId,
  requestStatus: helpRequests.status,
  residentId: helpRequests.residentId,
  districtId: helpRequests.districtId,
};

async function matchesWithRequests(db: DbOrTx, matchIds: readonly string[]) {
  return db
    .select(matchWithRequestColumns)
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(inArray(matches.id, [...matchIds]));
}

type MatchWithRequest = Awaited<ReturnType<typeof matchesWithRequests>>[number];

async function planMatchChange(db: DbOrTx, matchId: string): Promise<NotificationPlan[]> {
  const [match] = await matchesWithRequests(db, [matchId]);
  return match ? plansForMatch(match) : [];
}

function plansForMatch(match: MatchWithRequest): NotificationPlan[] {
  const matchId = match.id;
  const about = { matchId, requestId: match.requestId, districtId: match.districtId };
  const plan = (userId: string, eventType: NotificationEventType): NotificationPlan[] => [
    { userId, eventType, eventKey: `${eventType}:${matchId}`, ...about },
  ];
  switch (match.status) {
    case 'offered':
      return plan(match.volunteerId, 'match.offered');
    case 'accepted':
      return plan(match.residentId, 'match.accepted');
    case 'declined':
      return plan(match.residentId, 'match.declined');
    case 'cancelled':
      // Only a volunteer who was offered the task knew of it. When the volunteer was withdrawn
      // (suspended, re-verifying) after accepting, the request looks again, and the resident,
      // who had heard a helper was coming, hears that too.
      return [
        ...(match.offeredAt ? plan(match.volunteerId, 'match.withdrawn') : []),
        ...(match.respondedAt && match.requestStatus !== 'cancelled'
          ? plan(match.residentId, 'match.declined')
          : []),
      ];
    default:
      return [];
  }
}

/**
 * `planNotifications` for many events at once (a relay batch): the matches of all
 * `match.changed` events are read in one query — in a storm, nearly every event — and a person
 * who must hear the same thing twice (two events about one match) is planned once.
 */
export async function planNotificationsForEvents(
  db: DbOrTx,
  jobs: readonly Pick<RelayedJob, 'outboxId' | 'topic' | 'payload'>[],
): Promise<NotificationPlan[]> {
  const changedMatchIds = new Set<string>();
  const others: Pick<RelayedJob, 'outboxId' | 'topic' | 'payload'>[] = [];
  for (const job of jobs) {
    if (job.topic === 'match.changed') {
      if (job.payload.matchId) changedMatchIds.add(job.payload.matchId);
    } else {
      others.push(job);
    }
  }
  const plans =
    changedMatchIds.size > 0
      ? (await matchesWithRequests(db, [...changedMatchIds])).flatMap(plansForMatch)
      : [];
  for (const job of others) plans.push(...(await planNotifications(db, job)));
  const seen = new Set<string>();
  return plans.filter((plan) => {
    const key = `${plan.eventKey}\u0000${plan.userId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function planThanks(db: DbOrTx, matchId: string): Promise<NotificationPlan[]> {
  const [row] = await db
    .select({
      toUserId: thanks.toUserId,
      requestId: thanks.requestId,
      districtId: helpRequests.districtId,
    })
    .from(thanks)
    .innerJoin(helpRequests, eq(helpRequests.id, thanks.requestId))
    .where(eq(thanks.matchId, matchId));
  if (!row) return [];
  return [
    {
      userId: row.toUserId,
      eventType: 'thanks.received',
      eventKey: `thanks.received:${matchId}`,
      matchId,
      requestId: row.requestId,
      districtId: row.districtId,
    },
  ];
}

/** The coordinators of one district, in a stable order. */
export async function coordinatorsOf(db: DbOrTx, districtId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(
      and(eq(roleAssignments.role, 'coordinator'), eq(roleAssignments.districtId, districtId)),
    );
  return rows.map((row) => row.userId).sort();
}

async function planConcern(db: DbOrTx, matchId: string): Promise<NotificationPlan[]> {
  const [concern] = await db
    .select({ id: concerns.id, requestId: concerns.requestId, districtId: concerns.districtId })
    .from(concerns)
    .where(eq(concerns.matchId, matchId));
  if (!concern) return [];
  return (await coordinatorsOf(db, concern.districtId)).map((userId) => ({
    userId,
    eventType: 'concern.raised' as const,
    eventKey: `concern.raised:${concern.id}`,
    matchId,
    requestId: concern.requestId,
    districtId: concern.districtId,
  }));
}

async function planUnmatched(
  db: DbOrTx,
  requestId: string,
  outboxId: string,
): Promise<NotificationPlan[]> {
  const [request] = await db
    .select({ status: helpRequests.status, districtId: helpRequests.districtId })
    .from(helpRequests)
    .where(eq(helpRequests.id, requestId));
  // Taken back out of the inbox before the job ran: nothing to tell.
  if (request?.status !== 'unmatched') return [];
  return (await coordinatorsOf(db, request.districtId)).map((userId) => ({
    userId,
    eventType: 'request.unmatched' as const,
    eventKey: `request.unmatched:${requestId}:${outboxId}`,
    matchId: null,
    requestId,
    districtId: request.districtId,
  }));
}

/** Volunteers offered or given a task a coordinator has just corrected (and who still have it). */
async function planEdited(
  db: DbOrTx,
  requestId: string,
  outboxId: string,
): Promise<NotificationPlan[]> {
  const rows = await db
    .select({
      matchId: matches.id,
      volunteerId: matches.volunteerId,
      districtId: helpRequests.districtId,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(and(eq(matches.requestId, requestId), inArray(matches.status, ['offered', 'accepted'])));
  return rows.map((row) => ({
    userId: row.volunteerId,
    eventType: 'task.changed' as const,
    eventKey: `task.changed:${row.matchId}:${outboxId}`,
    matchId: row.matchId,
    requestId,
    districtId: row.districtId,
  }));
}

/**
 * Of these matches, the ones still proposed. A proposal is announced to no one (coordinators
 * hear of waiting proposals in a digest) and its later changes write events of their own, so
 * the relay can leave such an event out of the notifications queue — in a storm, most events.
 */
export async function matchesStillProposed(
  db: DbOrTx,
  matchIds: readonly string[],
): Promise<Set<string>> {
  if (matchIds.length === 0) return new Set();
  const rows = await db
    .select({ id: matches.id })
    .from(matches)
    .where(and(inArray(matches.id, [...matchIds]), eq(matches.status, 'proposed')));
  return new Set(rows.map((row) => row.id));
}
