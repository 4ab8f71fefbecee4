import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { notifications } from '../schema/index.ts';
import type { NotificationPlan } from './plan.ts';
import { channelsFor, loadReach, releaseTime, snowOffersFromFive } from './reach.ts';

/** The template version each event type is worded with today. */
export const templateFor = (eventType: NotificationPlan['eventType']) => `${eventType}/v1`;

/**
 * Writes one row per planned person on their first channel (their own order, see
 * `channelsFor`; inside their quiet hours the row waits until those end) (`on conflict do nothing`, so a
 * job run twice writes nothing new) and returns every row of these events still queued —
 * including ones an earlier, interrupted run wrote — for the caller to send.
 */
export async function fanOutNotifications(
  db: DbOrTx,
  plans: readonly NotificationPlan[],
): Promise<string[]> {
  return (await fanOutDueNotifications(db, plans)).map((row) => row.id);
}

export interface DueNotification {
  id: string;
  dueAt: Date;
  eventType: NotificationPlan['eventType'];
}

/**
 * `fanOutNotifications` with each row's due time and event, for queuing its send job: the
 * insert answers them, so a first run costs no further query; a run that finds rows written
 * before (a job run again) reads what is still queued of these events.
 */
export async function fanOutDueNotifications(
  db: DbOrTx,
  plans: readonly NotificationPlan[],
): Promise<DueNotification[]> {
  if (plans.length === 0) return [];
  const people = await loadReach(
    db,
    plans.map((plan) => plan.userId),
  );
  const personById = new Map(people.map((person) => [person.id, person]));
  const now = new Date();
  // Only an offer to someone with quiet hours needs to know whether it may go from 05:00.
  const snowOffersEarly = await snowOffersFromFive(
    db,
    plans.flatMap((plan) =>
      plan.eventType === 'match.offered' &&
      plan.requestId &&
      (personById.get(plan.userId)?.quietStartHour ?? null) !== null
        ? [plan.requestId]
        : [],
    ),
  );
  const rows = [];
  for (const plan of plans) {
    const person = personById.get(plan.userId);
    if (!person) continue;
    const [first] = channelsFor(person, plan.eventType);
    if (!first) continue;
    const release = releaseTime(person, plan, snowOffersEarly, now);
    rows.push({
      userId: plan.userId,
      eventKey: plan.eventKey,
      eventType: plan.eventType,
      channel: first,
      template: templateFor(plan.eventType),
      language: person.locale,
      matchId: plan.matchId,
      requestId: plan.requestId,
      districtId: plan.districtId,
      ...(release > now ? { nextAttemptAt: release } : {}),
    });
  }
  const due = {
    id: notifications.id,
    dueAt: notifications.nextAttemptAt,
    eventType: notifications.eventType,
  };
  const inserted =
    rows.length > 0
      ? await db.insert(notifications).values(rows).onConflictDoNothing().returning(due)
      : [];
  if (inserted.length === rows.length && rows.length === plans.length) return inserted;
  return db
    .select(due)
    .from(notifications)
    .where(
      and(
        inArray(notifications.eventKey, [...new Set(plans.map((plan) => plan.eventKey))]),
        eq(notifications.status, 'queued'),
      ),
    );
}

/**
 * When each row is next due and what it announces, for queuing its send job with the right
 * delay and priority.
 */
export async function dueTimes(
  db: DbOrTx,
  ids: readonly string[],
): Promise<{ id: string; dueAt: Date; eventType: NotificationPlan['eventType'] }[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: notifications.id,
      dueAt: notifications.nextAttemptAt,
      eventType: notifications.eventType,
    })
    .from(notifications)
    .where(inArray(notifications.id, [...ids]));
}
