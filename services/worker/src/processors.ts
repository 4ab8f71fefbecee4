import type { QueueName } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import type { ScheduledNoticeSettings } from '@sasaeai/db/notifications';
import type { Processor } from 'bullmq';
import { processMaintenanceJob } from './handlers/maintenance.ts';
import { processMatchingJob } from './handlers/matching.ts';
import { processNotificationJob } from './handlers/notifications.ts';
import { noLivePublisher, type LivePublisher } from './live-publisher.ts';
import type { Logger } from './logger.ts';
import type { MatchingSettings } from './matching/run-district.ts';
import type { WorkerMetrics } from './metrics/worker-metrics.ts';
import type { NotificationSettings } from './notifications/send-notification.ts';
import { createTakenRows } from './notifications/taken-rows.ts';
import type { WorkerQueue } from './queues.ts';

export interface ProcessorDependencies {
  db: Database;
  live?: LivePublisher;
  /** Producer-side queues: the reconciler and re-runs add matching jobs here. */
  matchingQueue?: WorkerQueue;
  matching?: {
    settings?: MatchingSettings;
    windowMs?: number;
    lockRetryMs?: number;
    reconcileStaleSeconds?: number;
  };
  /** Producer-side `notifications` queue: fan-out, retries and fallbacks add send jobs here. */
  notificationsQueue?: WorkerQueue;
  /** Channels and retry settings; without them (and the queue) no notifications worker runs. */
  notifications?: NotificationSettings & {
    reconcileGraceMs?: number;
    scheduled?: ScheduledNoticeSettings;
  };
  logger?: Logger;
  metrics?: WorkerMetrics;
}

export type QueueProcessor = Processor<unknown, unknown>;

/**
 * Which handler consumes each queue. A factory that answers nothing (its dependencies are not
 * given, as in tests of other queues) gets no worker, and its jobs wait for one.
 */
export const processorFactories: Partial<
  Record<QueueName, (deps: ProcessorDependencies) => QueueProcessor | undefined>
> = {
  matching: (deps) => (job, token) =>
    processMatchingJob(
      {
        db: deps.db,
        live: deps.live ?? noLivePublisher,
        ...(deps.matchingQueue ? { matchingQueue: deps.matchingQueue } : {}),
        ...(deps.matching?.settings ? { settings: deps.matching.settings } : {}),
        ...(deps.matching?.windowMs === undefined ? {} : { windowMs: deps.matching.windowMs }),
        ...(deps.matching?.lockRetryMs === undefined
          ? {}
          : { lockRetryMs: deps.matching.lockRetryMs }),
        ...(deps.logger ? { logger: deps.logger } : {}),
        ...(deps.metrics ? { onProposed: deps.metrics.proposed } : {}),
      },
      {
        id: job.id,
        name: job.name,
        queueName: job.queueName,
        data: job.data,
        moveToDelayed: (timestamp, moveToken) => job.moveToDelayed(timestamp, moveToken),
      },
      token,
    ),
  notifications: (deps) => {
    const { notificationsQueue: queue, notifications: settings } = deps;
    if (!queue || !settings) return undefined;
    const taken = createTakenRows(settings.claimLeaseMs);
    return (job) =>
      processNotificationJob(
        { db: deps.db, queue, settings, logger: deps.logger, taken },
        {
          id: job.id,
          name: job.name,
          queueName: job.queueName,
          data: job.data,
          timestamp: job.timestamp,
        },
      );
  },
  maintenance: (deps) => (job) => {
    if (!deps.matchingQueue) throw new Error('maintenance jobs need the matching queue');
    return processMaintenanceJob(
      {
        db: deps.db,
        live: deps.live ?? noLivePublisher,
        matchingQueue: deps.matchingQueue,
        reconcileStaleSeconds: deps.matching?.reconcileStaleSeconds ?? 60,
        windowMs: deps.matching?.windowMs ?? 500,
        ...(deps.notificationsQueue ? { notificationsQueue: deps.notificationsQueue } : {}),
        ...(deps.notifications?.reconcileGraceMs === undefined
          ? {}
          : { notificationsGraceMs: deps.notifications.reconcileGraceMs }),
        ...(deps.notifications?.scheduled
          ? { scheduledNotices: deps.notifications.scheduled }
          : {}),
        ...(deps.logger ? { logger: deps.logger } : {}),
      },
      job,
    );
  },
};
