import { createHash } from 'node:crypto';
import { RelayedJob } from '@sasaeai/contracts';
import { z } from 'zod';

/**
 * One relay pass's notification events as one job: a storm's thousands of offers are planned,
 * written and queued a hundred at a time instead of one BullMQ job and five queries each.
 * Events carry ids only, as the outbox rows do.
 */
export const NOTIFICATION_EVENTS_JOB = 'notification.events';

export const MAX_EVENTS_PER_JOB = 1_000;

export const NotificationEventsJob = z
  .object({ events: z.array(RelayedJob).min(1).max(MAX_EVENTS_PER_JOB) })
  .strict();
export type NotificationEventsJob = z.infer<typeof NotificationEventsJob>;

/**
 * Named after the exact set of outbox rows it carries: a relay that dies before its commit and
 * takes the same rows again adds nothing; one that takes a different set adds a second job,
 * which is harmless because a fan-out writes each (event, person, channel) row once.
 */
export function notificationEventsJobId(events: readonly Pick<RelayedJob, 'outboxId'>[]): string {
  const ids = events.map((event) => event.outboxId).sort();
  const digest = createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 24);
  return `outbox-events-${ids[0] ?? 'none'}-${digest}`;
}
