import type { Database } from '@sasaeai/db/client';
import {
  fanOutDueNotifications,
  overdueNotifications,
  planNotifications,
  planNotificationsForEvents,
  type NotificationPlan,
} from '@sasaeai/db/notifications';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import {
  enqueueDueRows,
  enqueueDueSends,
  MAX_ROWS_PER_SEND_JOB,
  SEND_NOTIFICATION_JOB,
  sendNotification,
  type NotificationSettings,
  type SendOutcome,
} from '../notifications/send-notification.ts';
import { NOTIFICATION_EVENTS_JOB, NotificationEventsJob } from '../notifications/event-batch.ts';
import type { TakenRows } from '../notifications/taken-rows.ts';
import type { WorkerQueue } from '../queues.ts';
import { parseRelayedJob, type IncomingJob } from './matching.ts';

export const SendNotificationJob = z
  .object({
    notificationId: z.uuid(),
    /** Rows a fan-out queued with the first (see `enqueueNotificationSends`). */
    alsoIds: z
      .array(z.uuid())
      .max(MAX_ROWS_PER_SEND_JOB - 1)
      .optional(),
  })
  .strict();

export interface NotificationJobDependencies {
  db: Database;
  queue: WorkerQueue;
  settings: NotificationSettings;
  logger?: Logger | undefined;
  taken?: TakenRows | undefined;
}

/**
 * The `notifications` queue carries relayed events (fan-out: who must hear what, one row per
 * person and channel) — a relay pass's events as one `notification.events` job, or one event
 * per job as relays before it added them — and `notification.send` jobs (one attempt at one row).
 */
export async function processNotificationJob(
  deps: NotificationJobDependencies,
  job: IncomingJob & { timestamp?: number },
): Promise<{ queued: number } | { outcome: SendOutcome }> {
  if (job.name === SEND_NOTIFICATION_JOB) {
    const parsed = SendNotificationJob.safeParse(job.data);
    if (!parsed.success) throw invalidPayload(job);
    const { notificationId, alsoIds = [] } = parsed.data;
    return { outcome: await sendNotification(deps, [notificationId, ...alsoIds]) };
  }
  const tooOld =
    job.timestamp !== undefined && Date.now() - job.timestamp > deps.settings.maxEventAgeMs;
  if (job.name === NOTIFICATION_EVENTS_JOB) {
    const parsed = NotificationEventsJob.safeParse(job.data);
    if (!parsed.success) throw invalidPayload(job);
    const { events } = parsed.data;
    if (tooOld) {
      deps.logger?.info(
        { outboxIds: events.map((event) => event.outboxId) },
        'events too old to announce',
      );
      return { queued: 0 };
    }
    return fanOut(deps, await planNotificationsForEvents(deps.db, events), {
      events: events.length,
    });
  }
  const relayed = parseRelayedJob(job);
  if (tooOld) {
    deps.logger?.info(
      { outboxId: relayed.outboxId, topic: relayed.topic },
      'event too old to announce',
    );
    return { queued: 0 };
  }
  return fanOut(deps, await planNotifications(deps.db, relayed), {
    outboxId: relayed.outboxId,
  });
}

async function fanOut(
  deps: NotificationJobDependencies,
  plans: readonly NotificationPlan[],
  about: Record<string, unknown>,
): Promise<{ queued: number }> {
  const queued = await fanOutDueNotifications(deps.db, plans);
  // Rows inside the person's quiet hours wait: their jobs are delayed until the rows are due.
  // Due rows go a batch per send job (`NOTIFY_SEND_BATCH`).
  await enqueueDueRows(deps.queue, queued, deps.settings.sendBatchSize ?? 1);
  if (queued.length > 0)
    deps.logger?.debug({ ...about, queued: queued.length }, 'notifications queued');
  return { queued: queued.length };
}

function invalidPayload(job: IncomingJob): UnrecoverableError {
  return new UnrecoverableError(
    `invalid payload for job ${job.id ?? '(no id)'} in ${job.queueName}`,
  );
}

/**
 * Rows still queued well past their next attempt lost their job (Redis flushed, a worker
 * killed mid-send): send them again. The claim makes a duplicate job harmless.
 */
export async function reconcileNotifications(deps: {
  db: Database;
  queue: WorkerQueue;
  graceMs: number;
  logger?: Logger | undefined;
}): Promise<{ notifications: number }> {
  const ids = await overdueNotifications(deps.db, deps.graceMs, 500);
  await enqueueDueSends(deps.db, deps.queue, ids);
  if (ids.length > 0) deps.logger?.info({ notifications: ids.length }, 'notifications re-enqueued');
  return { notifications: ids.length };
}
