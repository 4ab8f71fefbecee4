import { queueNames, type OutboxTopic, type QueueName, type RelayedJob } from '@sasaeai/contracts';
import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { describeError, type Logger } from './logger.ts';

/** Job name = outbox topic, data = the relayed outbox row. */
export type RelayedJobQueue = Queue<RelayedJob, void, OutboxTopic>;
export type WorkerQueues = Record<QueueName, RelayedJobQueue>;

const DAY_IN_SECONDS = 24 * 60 * 60;

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  // Kept a day so a re-relay of the same outbox row within that window is deduplicated by jobId.
  removeOnComplete: { age: DAY_IN_SECONDS, count: 10_000 },
  // Failed jobs are kept longer for inspection; PostgreSQL still holds every fact.
  removeOnFail: { age: 7 * DAY_IN_SECONDS },
};

export interface CreateQueuesOptions {
  /** A producer connection (see redis.ts); shared by all queues and closed by the caller. */
  connection: Redis;
  prefix: string;
  logger: Logger;
}

export function createQueues({ connection, prefix, logger }: CreateQueuesOptions): WorkerQueues {
  const entries = queueNames.map((name) => {
    const queue = new Queue<RelayedJob, void, OutboxTopic>(name, {
      connection,
      prefix,
      defaultJobOptions,
    });
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
