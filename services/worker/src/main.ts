import { getPriority, setPriority } from 'node:os';
import { createDb } from '@sasaeai/db/client';
import { findPostgresProblem, findRedisProblem } from './connectivity.ts';
import { EnvError, loadWorkerEnv, type WorkerEnv } from './env.ts';
import { createLogger, describeError, type Logger } from './logger.ts';
import { createLivePublisher } from './live-publisher.ts';
import { defaultMatchingSettings } from './matching/run-district.ts';
import { startOutboxRelay } from './outbox-relay.ts';
import { keepMaintenanceSchedules } from './schedules.ts';
import { closeQueues, createQueues } from './queues.ts';
import { closeRedisConnection, createRedisConnection } from './redis.ts';
import { closeWorkers, startWorkers } from './workers.ts';
import { createThreadSolver } from './matching/thread-solver.ts';
import { startMetricsServer } from './metrics/metrics-server.ts';
import { createWorkerMetrics } from './metrics/worker-metrics.ts';
import { channelSettingsFrom, createNotificationChannels } from './notifications/channels.ts';
import { defaultNotificationSettings } from './notifications/send-notification.ts';

/** Worker.close() waits for running jobs; past this, give up and let the orchestrator restart us. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

function exitWithLine(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

function readEnv(): WorkerEnv {
  try {
    return loadWorkerEnv();
  } catch (error) {
    if (error instanceof EnvError) exitWithLine(error.message);
    throw error;
  }
}

/** Raises the process's niceness (an unprivileged process may only raise it). */
function yieldCpuToIntake(nice: number, logger: Logger): void {
  try {
    if (getPriority() < nice) setPriority(nice);
  } catch (error) {
    logger.warn({ err: describeError(error) }, 'could not lower the worker CPU priority');
  }
}

async function main(): Promise<void> {
  const env = readEnv();
  const logger = createLogger(env.LOG_LEVEL);
  // Before any thread starts (the solver thread, libuv's pool), so they inherit it.
  yieldCpuToIntake(env.WORKER_NICE, logger);

  // A matching run holds one connection for its district lock while it queries on others;
  // notification jobs take one each.
  const database = createDb({
    url: env.DATABASE_URL,
    max: env.WORKER_CONCURRENCY * 3 + 2,
    applicationName: 'sasaeai-worker',
  });
  const unreachable =
    (await findPostgresProblem(database.sql, env.DATABASE_URL)) ??
    (await findRedisProblem(env.REDIS_URL));
  if (unreachable) {
    await database.close();
    exitWithLine(unreachable);
  }

  const producerConnection = createRedisConnection({
    url: env.REDIS_URL,
    role: 'producer',
    logger,
  });
  const workerConnection = createRedisConnection({ url: env.REDIS_URL, role: 'worker', logger });
  const queues = createQueues({ connection: producerConnection, prefix: env.REDIS_PREFIX, logger });
  const live = createLivePublisher({
    connection: producerConnection,
    prefix: env.REDIS_PREFIX,
    logger,
  });
  const metrics = createWorkerMetrics({ db: database.db, queues });
  const metricsServer =
    env.METRICS_PORT > 0
      ? await startMetricsServer({
          registry: metrics.registry,
          host: env.METRICS_HOST,
          port: env.METRICS_PORT,
          logger,
        })
      : undefined;
  const solver = createThreadSolver();
  const channels = createNotificationChannels(channelSettingsFrom(env));
  const workers = startWorkers({
    connection: workerConnection,
    prefix: env.REDIS_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    dependencies: {
      db: database.db,
      live,
      matchingQueue: queues.matching,
      matching: {
        settings: {
          ...defaultMatchingSettings,
          matcher: solver.solve,
          refusalLimit: env.MATCHING_REFUSAL_LIMIT,
          inboxAfterMinutes: env.MATCHING_INBOX_AFTER_MINUTES,
          inboxBeforeWindowMinutes: env.MATCHING_INBOX_BEFORE_WINDOW_MINUTES,
          options: {
            ...defaultMatchingSettings.options,
            neighbourWaitMinutes: env.NEIGHBOUR_WAIT_MINUTES,
          },
        },
        windowMs: env.MATCHING_WINDOW_MS,
        lockRetryMs: env.MATCHING_LOCK_RETRY_MS,
        reconcileStaleSeconds: env.RECONCILE_STALE_SECONDS,
      },
      notificationsQueue: queues.notifications,
      notifications: {
        ...defaultNotificationSettings,
        channels,
        links: { baseUrl: env.PUBLIC_BASE_URL },
        maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
        retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
        claimLeaseMs: env.NOTIFY_CLAIM_LEASE_MS,
        sendBatchSize: env.NOTIFY_SEND_BATCH,
        reconcileGraceMs: env.NOTIFY_RECONCILE_GRACE_MS,
        scheduled: {
          offerExpiringMinutes: env.NOTIFY_OFFER_EXPIRING_MINUTES,
          reminderHourJst: env.NOTIFY_REMINDER_HOUR_JST,
          digestMinutes: env.NOTIFY_DIGEST_MINUTES,
          callDeadlineMinutes: env.CALL_DEADLINE_MINUTES,
          insuranceRenewalDays: env.NOTIFY_INSURANCE_RENEWAL_DAYS,
        },
      },
      logger,
      metrics,
    },
    logger,
  });
  const relay = startOutboxRelay({
    db: database.db,
    queues,
    intervalMs: env.RELAY_INTERVAL_MS,
    batchSize: env.RELAY_BATCH_SIZE,
    matchingWindowMs: env.MATCHING_WINDOW_MS,
    logger,
  });
  const schedules = keepMaintenanceSchedules({
    queue: queues.maintenance,
    offerExpiryIntervalMs: env.OFFER_EXPIRY_INTERVAL_MS,
    reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
    notificationsScanIntervalMs: env.NOTIFY_SCAN_INTERVAL_MS,
    logger,
  });
  logger.info(
    {
      prefix: env.REDIS_PREFIX,
      consumedQueues: workers.map((worker) => worker.name),
      concurrency: env.WORKER_CONCURRENCY,
      nice: getPriority(),
      metricsPort: metricsServer?.port ?? null,
      email: channels.email ? 'on' : 'off',
      sms: channels.sms ? 'on' : 'off',
      line: channels.line ? 'on' : 'off',
    },
    'worker started',
  );

  let shuttingDown = false;
  const shutDown = async (signal: NodeJS.Signals) => {
    // A terminal's Ctrl-C can arrive twice (from the shell and from tsx); one shutdown is enough.
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      schedules.stop();
      await relay.stop();
      await closeWorkers(workers);
      await metricsServer?.close();
      await solver.close();
      channels.email?.close?.();
      await closeQueues(queues);
      await Promise.all([
        closeRedisConnection(producerConnection),
        closeRedisConnection(workerConnection),
      ]);
      await database.close();
      logger.info('worker stopped');
      process.exit(0);
    } catch (error) {
      logger.error(describeError(error), 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutDown(signal));
  process.on('SIGINT', (signal) => void shutDown(signal));
}

await main();
