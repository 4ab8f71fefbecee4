import { queueNames, type OutboxTopic, type QueueName, type RelayedJob } from '@sasaeai/contracts';
import { Queue, type DefaultJobOptions, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { describeError, type Logger } from './logger.ts';

/** Job name = outbox topic, data = the relayed outbox row. */
export type RelayedJobQueue = Queue<RelayedJob, void, OutboxTopic>;

/**
 * `matching` carries relayed outbox rows and `district.match` jobs (reconciler, re-runs);
 * `maintenance` carries the scheduled jobs. Job data are ids only.
 */
export type WorkerQueue = Queue<unknown, void, string>;
export type WorkerQueues = Record<QueueName, WorkerQueue>;

/** "Match this district": added by the reconciler and by a run that must go again. */
export const MATCH_DISTRICT_JOB = 'district.match';
export const MatchDistrictJob = z.object({ districtId: z.uuid() }).strict();
export type MatchDistrictJob = z.infer<typeof MatchDistrictJob>;

const DAY_IN_SECONDS = 24 * 60 * 60;

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  // Kept a day so a re-relay of the same outbox row within that window is deduplicated by jobId.
  removeOnComplete: { age: DAY_IN_SECONDS, count: 10_000 },
  // Failed jobs are kept longer for inspection; PostgreSQL still holds every fact.
  removeOnFail: { age: 7 * DAY_IN_SECONDS },
};

/**
 * Per-district batching, throttle-style: the first matching job for a district waits `windowMs`
 * and holds the deduplication key for as long; jobs added meanwhile are dropped (the run reads
 * every open request of the district from PostgreSQL, so nothing they announced is lost), and
 * the first job added after the window starts the next batch. A continuous surge therefore gets
 * one run per window, never postponed indefinitely as a debounce would.
 */
export function matchingJobOptions(districtId: string, windowMs: number): JobsOptions {
  if (windowMs <= 0) return {};
  return {
    delay: windowMs,
    deduplication: { id: `match-${districtId}`, ttl: windowMs },
  };
}

/** Asks for a matching run of the district within the batching window. */
export async function enqueueDistrictMatching(
  queue: WorkerQueue,
  districtId: string,
  windowMs: number,
): Promise<void> {
  const data: MatchDistrictJob = { districtId };
  await queue.add(MATCH_DISTRICT_JOB, data, matchingJobOptions(districtId, windowMs));
}

export interface CreateQueuesOptions {
  /** A producer connection (see redis.ts); shared by all queues and closed by the caller. */
  connection: Redis;
  prefix: string;
  logger: Logger;
}

export function createQueues({ connection, prefix, logger }: CreateQueuesOptions): WorkerQueues {
  const entries = queueNames.map((name) => {
    const queue: WorkerQueue = new Queue(name, { connection, prefix, defaultJobOptions });
    // The shared connection already logs each Redis error once; without a listener here BullMQ
    // would also print every one of them, unstructured, to stderr.
    queue.on('error', (error) =>
      logger.debug({ queue: name, ...describeError(error) }, 'queue error'),
    );
    return [name, queue] as const;
  });
  return Object.fromEntries(entries) as WorkerQueues;
}

export async function closeQueues(queues: WorkerQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
