import { queueForTopic, RelayedJob, type OutboxTopic, type QueueName } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { matchesStillProposed } from '@sasaeai/db/notifications';
import { outbox } from '@sasaeai/db/schema';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { describeError, type Logger } from './logger.ts';
import {
  NOTIFICATION_EVENTS_JOB,
  notificationEventsJobId,
  type NotificationEventsJob,
} from './notifications/event-batch.ts';
import { LATER_PRIORITY } from './notifications/send-notification.ts';
import { matchingJobOptions, type WorkerQueues } from './queues.ts';

/**
 * A row whose payload this worker cannot read (typically a topic added by a newer API before the
 * worker was redeployed) is retried with growing pauses, 1, 2, 4 and 8 minutes apart, so a deploy
 * in progress has time to finish. After MAX_RELAY_ATTEMPTS it stays pending for an operator, and
 * never blocks the rows behind it.
 */
export const MAX_RELAY_ATTEMPTS = 5;
export const UNREADABLE_RETRY_BASE_SECONDS = 60;

export interface RelayOutboxBatchOptions {
  db: Database;
  queues: WorkerQueues;
  limit: number;
  logger?: Logger;
  /** Per-district batching window for matching jobs (see `matchingJobOptions`); default 500. */
  matchingWindowMs?: number;
}

export const DEFAULT_MATCHING_WINDOW_MS = 500;

interface PendingRow {
  id: bigint;
  topic: string;
  payload: unknown;
  attempts: number;
}

interface RelayableRow {
  id: bigint;
  queue: QueueName;
  job: RelayedJob;
}

/**
 * A pending row's attempts can only come from unreadable-payload passes (a failed queue add rolls
 * its increment back), so `attempts > 0` means "wait out the pause before trying again".
 */
const dueForAnotherTry = or(
  eq(outbox.attempts, 0),
  lt(
    outbox.updatedAt,
    sql`now() - make_interval(secs => ${UNREADABLE_RETRY_BASE_SECONDS}::integer * power(2, ${outbox.attempts} - 1))`,
  ),
);

/**
 * Moves up to `limit` pending outbox rows to their queues in one transaction and returns how many
 * were relayed. Rows are locked with SKIP LOCKED, so concurrent relays take disjoint rows; if any
 * queue add fails the transaction rolls back and every row stays pending for a later pass. A
 * crash between the add and the commit relays a row twice, which the `outbox-<id>` jobId
 * deduplicates.
 */
export async function relayOutboxBatch({
  db,
  queues,
  limit,
  logger,
  matchingWindowMs = DEFAULT_MATCHING_WINDOW_MS,
}: RelayOutboxBatchOptions): Promise<number> {
  return db.transaction(async (tx) => {
    const rows: PendingRow[] = await tx
      .select({
        id: outbox.id,
        topic: outbox.topic,
        payload: outbox.payload,
        attempts: outbox.attempts,
      })
      .from(outbox)
      .where(
        and(isNull(outbox.dispatchedAt), lt(outbox.attempts, MAX_RELAY_ATTEMPTS), dueForAnotherTry),
      )
      .orderBy(asc(outbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });

    const relayable: RelayableRow[] = [];
    const unreadable: PendingRow[] = [];
    for (const row of rows) {
      const job = RelayedJob.safeParse({
        outboxId: row.id.toString(),
        topic: row.topic,
        payload: row.payload,
      });
      if (job.success) {
        relayable.push({ id: row.id, queue: queueForTopic[job.data.topic], job: job.data });
      } else {
        unreadable.push(row);
        logUnreadableRow(logger, row, job.error.issues);
      }
    }

    // Events about a match still proposed would notify no one: dispatched without a job.
    const stillProposed = await matchesStillProposed(
      tx,
      relayable.flatMap(({ job }) =>
        job.topic === 'match.changed' && job.payload.matchId ? [job.payload.matchId] : [],
      ),
    );
    await addToQueues(
      queues,
      relayable.filter(
        ({ job }) => !(job.topic === 'match.changed' && stillProposed.has(job.payload.matchId!)),
      ),
      matchingWindowMs,
    );

    if (relayable.length > 0) {
      await tx
        .update(outbox)
        .set({
          dispatchedAt: sql`now()`,
          attempts: sql`${outbox.attempts} + 1`,
          updatedAt: sql`now()`,
        })
        .where(
          inArray(
            outbox.id,
            relayable.map((row) => row.id),
          ),
        );
    }
    if (unreadable.length > 0) {
      await tx
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, updatedAt: sql`now()` })
        .where(
          inArray(
            outbox.id,
            unreadable.map((row) => row.id),
          ),
        );
    }
    return relayable.length;
  });
}

/** Topics whose notices all can wait (an inbox notice, a thanks): see `sendPriorityOf`. */
const CAN_WAIT_TOPICS: ReadonlySet<OutboxTopic> = new Set([
  'help_request.unmatched',
  'thanks.sent',
]);

export function outboxJobId(outboxId: bigint | string): string {
  return `outbox-${outboxId.toString()}`;
}

/**
 * A matching job that names its district joins that district's batch (throttled by
 * deduplication); other jobs are added as they are, with the outbox row id as job id.
 */
function jobOptions(queue: QueueName, job: RelayedJob, id: bigint, matchingWindowMs: number) {
  const districtId = job.payload.districtId;
  return {
    jobId: outboxJobId(id),
    ...(queue === 'matching' && districtId ? matchingJobOptions(districtId, matchingWindowMs) : {}),
  };
}

interface BulkJob {
  name: string;
  data: unknown;
  opts: { jobId: string; priority?: number };
}

/**
 * Notification events go as one job per relay pass (`event-batch.ts`), those whose notices can
 * wait in a second job at the priority of their notices, after events that may carry an offer.
 */
function notificationEventJobs(rows: readonly RelayableRow[]): BulkJob[] {
  const canWait = rows.filter(({ job }) => CAN_WAIT_TOPICS.has(job.topic));
  const first = rows.filter(({ job }) => !CAN_WAIT_TOPICS.has(job.topic));
  return [first, canWait].flatMap((group, index) => {
    if (group.length === 0) return [];
    const events = group.map(({ job }) => job);
    return [
      {
        name: NOTIFICATION_EVENTS_JOB,
        data: { events } satisfies NotificationEventsJob,
        opts: {
          jobId: notificationEventsJobId(events),
          ...(index === 1 ? { priority: LATER_PRIORITY } : {}),
        },
      },
    ];
  });
}

async function addToQueues(
  queues: WorkerQueues,
  rows: RelayableRow[],
  matchingWindowMs: number,
): Promise<void> {
  const byQueue = new Map<QueueName, RelayableRow[]>();
  for (const row of rows) {
    const queueRows = byQueue.get(row.queue) ?? [];
    queueRows.push(row);
    byQueue.set(row.queue, queueRows);
  }
  await Promise.all(
    [...byQueue].map(([queueName, queueRows]) =>
      queues[queueName].addBulk(
        queueName === 'notifications'
          ? notificationEventJobs(queueRows)
          : queueRows.map(({ id, job }) => ({
              name: job.topic,
              data: job,
              opts: jobOptions(queueName, job, id, matchingWindowMs),
            })),
      ),
    ),
  );
}

function logUnreadableRow(
  logger: Logger | undefined,
  row: PendingRow,
  issues: ReadonlyArray<{ code: string; path: PropertyKey[] }>,
): void {
  const attempts = row.attempts + 1;
  // Issue codes and paths only: the payload itself is never logged.
  const details = {
    outboxId: row.id.toString(),
    topic: row.topic,
    attempts,
    issues: issues.map((issue) => ({ code: issue.code, path: issue.path.map(String).join('.') })),
  };
  if (attempts >= MAX_RELAY_ATTEMPTS) {
    logger?.error(details, 'outbox row left pending: its payload never validated');
  } else {
    logger?.warn(details, 'outbox row payload did not validate; will retry');
  }
}

export interface StartOutboxRelayOptions {
  db: Database;
  queues: WorkerQueues;
  intervalMs: number;
  batchSize: number;
  logger: Logger;
  matchingWindowMs?: number;
}

export interface OutboxRelay {
  /** Stops polling and resolves once the pass in progress, if any, has finished. */
  stop(): Promise<void>;
}

/** Polls the outbox every `intervalMs`; a full batch is followed at once by the next one. */
export function startOutboxRelay({
  db,
  queues,
  intervalMs,
  batchSize,
  logger,
  matchingWindowMs,
}: StartOutboxRelayOptions): OutboxRelay {
  let stopped = false;
  let interruptSleep: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(wake, ms);
      interruptSleep = wake;
      function wake() {
        clearTimeout(timer);
        interruptSleep = undefined;
        resolve();
      }
    });

  const loop = (async () => {
    let failing = false;
    while (!stopped) {
      let relayed = 0;
      try {
        relayed = await relayOutboxBatch({
          db,
          queues,
          limit: batchSize,
          logger,
          ...(matchingWindowMs === undefined ? {} : { matchingWindowMs }),
        });
        if (relayed > 0) logger.debug({ relayed }, 'outbox rows relayed');
        if (failing) logger.info('outbox relay recovered');
        failing = false;
      } catch (error) {
        // Logged once per outage rather than every interval.
        if (!failing)
          logger.warn(
            describeError(error),
            'outbox relay failed; rows stay pending and will be retried',
          );
        failing = true;
      }
      if (relayed < batchSize && !stopped) await sleep(intervalMs);
    }
  })();

  return {
    async stop() {
      stopped = true;
      interruptSleep?.();
      await loop;
    },
  };
}
