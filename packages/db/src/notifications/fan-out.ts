import { audienceOf, channelOrder } from '@sasaeai/core';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { notifications, users } from '../schema/index.ts';
import type { NotificationPlan } from './plan.ts';

/** The template version each event type is worded with today. */
export const templateFor = (eventType: NotificationPlan['eventType']) => `${eventType}/v1`;

/**
 * Writes one row per planned person on their first channel (`on conflict do nothing`, so a
 * job run twice writes nothing new) and returns every row of these events still queued —
 * including ones an earlier, interrupted run wrote — for the caller to send.
 */
export async function fanOutNotifications(
  db: DbOrTx,
  plans: readonly NotificationPlan[],
): Promise<string[]> {
  if (plans.length === 0) return [];
  const people = await db
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(users)
    .where(
      inArray(
        users.id,
        plans.map((plan) => plan.userId),
      ),
    );
  const personById = new Map(people.map((person) => [person.id, person]));
  const rows = plans.flatMap((plan) => {
    const person = personById.get(plan.userId);
    if (!person) return [];
    const [first] = channelOrder({
      hasEmail: person.email !== null,
      audience: audienceOf(plan.eventType),
    });
    if (!first) return [];
    return [
      {
        userId: plan.userId,
        eventKey: plan.eventKey,
        eventType: plan.eventType,
        channel: first,
        template: templateFor(plan.eventType),
        language: person.locale,
        matchId: plan.matchId,
        requestId: plan.requestId,
        districtId: plan.districtId,
      },
    ];
  });
  if (rows.length > 0) await db.insert(notifications).values(rows).onConflictDoNothing();
  const queued = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        inArray(notifications.eventKey, [...new Set(plans.map((plan) => plan.eventKey))]),
        eq(notifications.status, 'queued'),
      ),
    );
  return queued.map((row) => row.id);
}
