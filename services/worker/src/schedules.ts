import { describeError, type Logger } from './logger.ts';
import {
  COUNCIL_FACTS_JOB,
  EXPIRE_OFFERS_JOB,
  NOTIFICATIONS_RECONCILE_JOB,
  RECONCILE_JOB,
} from './handlers/maintenance.ts';
import { NOTIFICATIONS_SCAN_JOB } from './handlers/notification-scan.ts';
import { RETENTION_INTERVAL_MS, RETENTION_JOB } from './handlers/retention.ts';
import { WEEKLY_ROUTINES_INTERVAL_MS, WEEKLY_ROUTINES_JOB } from './handlers/weekly-routines.ts';
import type { WorkerQueue } from './queues.ts';

/** How often the council dashboard's facts are brought up to date by default (5 minutes). */
export const COUNCIL_FACTS_INTERVAL_MS = 5 * 60_000;

export interface MaintenanceScheduleOptions {
  queue: WorkerQueue;
  offerExpiryIntervalMs: number;
  reconcileIntervalMs: number;
  /** The council facts refresh (default `COUNCIL_FACTS_INTERVAL_MS`). */
  councilFactsIntervalMs?: number;
  /** The time-based notices' scan (default `NOTIFICATIONS_SCAN_INTERVAL_MS`). */
  notificationsScanIntervalMs?: number;
  /** The weekly routines' expansion (default hourly, `WEEKLY_ROUTINES_INTERVAL_MS`). */
  weeklyRoutinesIntervalMs?: number;
  logger: Logger;
}

/** How often the time-based notices are looked for by default (1 minute). */
export const NOTIFICATIONS_SCAN_INTERVAL_MS = 60_000;

/**
 * Creates (or updates) the BullMQ job schedulers for offer expiry, reconciliation (of matching
 * and of notifications), the time-based notices' scan and the council facts refresh. Upserting an unchanged scheduler keeps
 * its next run, so every worker may call this at start.
 */
export async function upsertMaintenanceSchedules({
  queue,
  offerExpiryIntervalMs,
  reconcileIntervalMs,
  councilFactsIntervalMs = COUNCIL_FACTS_INTERVAL_MS,
  notificationsScanIntervalMs = NOTIFICATIONS_SCAN_INTERVAL_MS,
  weeklyRoutinesIntervalMs = WEEKLY_ROUTINES_INTERVAL_MS,
}: Omit<MaintenanceScheduleOptions, 'logger'>): Promise<void> {
  await queue.upsertJobScheduler(
    EXPIRE_OFFERS_JOB,
    { every: offerExpiryIntervalMs },
    { name: EXPIRE_OFFERS_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  await queue.upsertJobScheduler(
    RECONCILE_JOB,
    { every: reconcileIntervalMs },
    { name: RECONCILE_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  await queue.upsertJobScheduler(
    NOTIFICATIONS_RECONCILE_JOB,
    { every: reconcileIntervalMs },
    {
      name: NOTIFICATIONS_RECONCILE_JOB,
      data: {},
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    },
  );
  await queue.upsertJobScheduler(
    COUNCIL_FACTS_JOB,
    { every: councilFactsIntervalMs },
    { name: COUNCIL_FACTS_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  await queue.upsertJobScheduler(
    NOTIFICATIONS_SCAN_JOB,
    { every: notificationsScanIntervalMs },
    { name: NOTIFICATIONS_SCAN_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  await queue.upsertJobScheduler(
    RETENTION_JOB,
    { every: RETENTION_INTERVAL_MS },
    { name: RETENTION_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  await queue.upsertJobScheduler(
    WEEKLY_ROUTINES_JOB,
    { every: weeklyRoutinesIntervalMs },
    {
      name: WEEKLY_ROUTINES_JOB,
      data: {},
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    },
  );
}

export interface ScheduleKeeper {
  stop(): void;
}

/**
 * The schedulers live in Redis. If Redis loses its data they are gone too — and with them the
 * reconciler that would recover everything else — so each worker re-upserts them at start and
 * then every `refreshMs` (the smaller interval by default).
 */
export function keepMaintenanceSchedules(
  options: MaintenanceScheduleOptions & { refreshMs?: number },
): ScheduleKeeper {
  const refreshMs =
    options.refreshMs ?? Math.min(options.offerExpiryIntervalMs, options.reconcileIntervalMs);
  let failing = false;
  const ensure = async () => {
    try {
      await upsertMaintenanceSchedules(options);
      if (failing) options.logger.info('maintenance schedules restored');
      failing = false;
    } catch (error) {
      if (!failing) {
        options.logger.warn(describeError(error), 'maintenance schedules not upserted; will retry');
      }
      failing = true;
    }
  };
  void ensure();
  const timer = setInterval(() => void ensure(), refreshMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
