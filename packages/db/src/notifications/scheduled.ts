import { and, eq, gt, gte, inArray, lt, lte, max, sql } from 'drizzle-orm';
import { startOfJapanDay } from '@sasaeai/core';
import type { DbOrTx } from '../client.ts';
import { helpRequests, matches, notifications, roleAssignments } from '../schema/index.ts';
import { planInsuranceRenewals } from './insurance-renewals.ts';
import { coordinatorsOf, type NotificationPlan } from './plan.ts';

/** When the time-based notices go out (worker env, see ARCHITECTURE.md "Notifications"). */
export interface ScheduledNoticeSettings {
  /** An offer this close to expiring (and made earlier than that) gets one reminder. */
  offerExpiringMinutes: number;
  /** From this hour (JST, 0–23) the volunteers of tomorrow's accepted tasks are reminded. */
  reminderHourJst: number;
  /** A district's coordinators get at most one "proposals waiting" digest this often. */
  digestMinutes: number;
  /** A call on the call list not made this long after it appeared escalates (once). */
  callDeadlineMinutes: number;
  /** Volunteers are reminded to renew their insurance this many days before it ends. */
  insuranceRenewalDays: number;
}

export const defaultScheduledNoticeSettings: ScheduledNoticeSettings = {
  offerExpiringMinutes: 120,
  reminderHourJst: 18,
  digestMinutes: 30,
  callDeadlineMinutes: 60,
  insuranceRenewalDays: 30,
};

/** An escalation's key names the call: `call.overdue:<notificationId>`. */
export const CALL_OVERDUE_PREFIX = 'call.overdue:';

const DAY_MS = 24 * 3_600_000;

/**
 * Who must hear what because time passed: read from the database as it is at `now`, with event
 * keys naming the thing (the offer, the task, the district's digest slot), so the scan may run
 * any number of times, on any number of workers, and each notice is written once.
 */
export async function planScheduledNotifications(
  db: DbOrTx,
  now: Date,
  settings: ScheduledNoticeSettings,
): Promise<NotificationPlan[]> {
  return [
    ...(await planExpiringOffers(db, now, settings.offerExpiringMinutes)),
    ...(await planEveningReminders(db, now, settings.reminderHourJst)),
    ...(await planProposalDigests(db, now, settings.digestMinutes)),
    ...(await planOverdueCalls(db, now, settings.callDeadlineMinutes)),
    ...(await planInsuranceRenewals(db, now, settings.insuranceRenewalDays)),
  ];
}

/**
 * Offers open for less than `minutes` more. Only offers made before that last stretch began: a
 * volunteer offered a task with an hour to answer has just been told, and needs no reminder.
 */
export async function planExpiringOffers(
  db: DbOrTx,
  now: Date,
  minutes: number,
): Promise<NotificationPlan[]> {
  const rows = await db
    .select({
      matchId: matches.id,
      volunteerId: matches.volunteerId,
      requestId: matches.requestId,
      districtId: helpRequests.districtId,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(
      and(
        eq(matches.status, 'offered'),
        gt(matches.offerExpiresAt, now),
        lte(matches.offerExpiresAt, new Date(now.getTime() + minutes * 60_000)),
        sql`${matches.offeredAt} < ${matches.offerExpiresAt} - make_interval(mins => ${minutes})`,
      ),
    );
  return rows.map((row) => ({
    userId: row.volunteerId,
    eventType: 'offer.expiring' as const,
    eventKey: `offer.expiring:${row.matchId}`,
    matchId: row.matchId,
    requestId: row.requestId,
    districtId: row.districtId,
  }));
}

/**
 * From `hourJst` on, each accepted task starting tomorrow (Japan's calendar day) reminds its
 * volunteer once. A task accepted after this evening's hour is not reminded: it was just
 * answered.
 */
export async function planEveningReminders(
  db: DbOrTx,
  now: Date,
  hourJst: number,
): Promise<NotificationPlan[]> {
  const todayStart = startOfJapanDay(now).getTime();
  const reminderTime = new Date(todayStart + hourJst * 3_600_000);
  if (now < reminderTime) return [];
  const tomorrowStart = new Date(todayStart + DAY_MS);
  const tomorrowEnd = new Date(todayStart + 2 * DAY_MS);
  const rows = await db
    .select({
      matchId: matches.id,
      volunteerId: matches.volunteerId,
      requestId: matches.requestId,
      districtId: helpRequests.districtId,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(
      and(
        eq(matches.status, 'accepted'),
        gte(helpRequests.windowStart, tomorrowStart),
        lt(helpRequests.windowStart, tomorrowEnd),
        lt(matches.respondedAt, reminderTime),
      ),
    );
  return rows.map((row) => ({
    userId: row.volunteerId,
    eventType: 'task.reminder' as const,
    eventKey: `task.reminder:${row.matchId}`,
    matchId: row.matchId,
    requestId: row.requestId,
    districtId: row.districtId,
  }));
}

/**
 * One message to each coordinator of a district with proposals waiting for approval — not one
 * per proposal: only when a proposal arrived since their last digest, and at most one per
 * `minutes`. The key names the district and the time slot, so workers scanning at once agree.
 */
export async function planProposalDigests(
  db: DbOrTx,
  now: Date,
  minutes: number,
): Promise<NotificationPlan[]> {
  const waiting = await db
    .select({ districtId: helpRequests.districtId, newest: max(matches.createdAt) })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(eq(matches.status, 'proposed'))
    .groupBy(helpRequests.districtId);
  if (waiting.length === 0) return [];
  const districtIds = waiting.map((row) => row.districtId);
  const coordinators = await db
    .selectDistinct({ userId: roleAssignments.userId, districtId: roleAssignments.districtId })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.role, 'coordinator'),
        inArray(roleAssignments.districtId, districtIds),
      ),
    );
  const earlier = await db
    .select({
      userId: notifications.userId,
      districtId: notifications.districtId,
      last: max(notifications.createdAt),
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.eventType, 'proposals.waiting'),
        inArray(notifications.districtId, districtIds),
      ),
    )
    .groupBy(notifications.userId, notifications.districtId);
  const lastDigest = new Map(
    earlier.map((row) => [`${row.userId}:${row.districtId}`, row.last] as const),
  );
  const newestBy = new Map(waiting.map((row) => [row.districtId, row.newest] as const));
  const intervalMs = minutes * 60_000;
  const slot = Math.floor(now.getTime() / intervalMs);
  return coordinators.flatMap(({ userId, districtId }) => {
    if (!districtId) return [];
    const last = lastDigest.get(`${userId}:${districtId}`);
    const newest = newestBy.get(districtId);
    if (last && (!newest || newest <= last || now.getTime() - last.getTime() < intervalMs)) {
      return [];
    }
    return [
      {
        userId,
        eventType: 'proposals.waiting' as const,
        eventKey: `proposals.waiting:${districtId}:${slot}`,
        matchId: null,
        requestId: null,
        districtId,
      },
    ];
  });
}

/**
 * Calls still on the call list `minutes` after they appeared: the district's coordinators are
 * told once by e-mail (the escalation row is also what marks the call overdue on the list).
 * Calls older than a week are left alone, so a long-forgotten backlog does not mail everyone.
 */
export async function planOverdueCalls(
  db: DbOrTx,
  now: Date,
  minutes: number,
): Promise<NotificationPlan[]> {
  const due = await db
    .select({
      id: notifications.id,
      districtId: notifications.districtId,
      requestId: notifications.requestId,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.channel, 'phone_call'),
        eq(notifications.status, 'sent'),
        lte(notifications.createdAt, new Date(now.getTime() - minutes * 60_000)),
        gt(notifications.createdAt, new Date(now.getTime() - 7 * DAY_MS)),
      ),
    );
  const plans: NotificationPlan[] = [];
  const coordinatorsBy = new Map<string, string[]>();
  for (const call of due) {
    if (!call.districtId) continue;
    let coordinators = coordinatorsBy.get(call.districtId);
    if (!coordinators) {
      coordinators = await coordinatorsOf(db, call.districtId);
      coordinatorsBy.set(call.districtId, coordinators);
    }
    for (const userId of coordinators) {
      plans.push({
        userId,
        eventType: 'call.overdue',
        eventKey: `${CALL_OVERDUE_PREFIX}${call.id}`,
        matchId: null,
        requestId: call.requestId,
        districtId: call.districtId,
      });
    }
  }
  return plans;
}
