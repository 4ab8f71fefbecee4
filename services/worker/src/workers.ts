import { queueNames, type QueueName } from '@sasaeai/contracts';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { describeError, type Logger } from './logger.ts';
import { processorFactories, type ProcessorDependencies } from './processors.ts';
import { withRedactedFailures } from './redacting-processor.ts';

export interface StartWorkersOptions {
  /** A `worker` connection (see redis.ts); BullMQ duplicates it for blocking reads. */
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** Per-queue overrides (maintenance runs one scheduled job at a time). */
  concurrencyFor?: Partial<Record<QueueName, number>>;
  dependencies: ProcessorDependencies;
  logger: Logger;
}

/** One BullMQ Worker per queue that has a processor, with its failures logged. */
export function startWorkers({
  connection,
  prefix,
  concurrency,
  concurrencyFor = { maintenance: 1 },
  dependencies,
  logger,
}: StartWorkersOptions): Worker[] {
  return queueNames.flatMap((queueName) => {
    const processor = processorFactories[queueName]?.(dependencies);
    if (!processor) return [];
    const worker = new Worker(queueName, withRedactedFailures(processor), {
      connection,
      prefix,
      concurrency: concurrencyFor[queueName] ?? concurrency,
    });
    worker.on('error', (error) => {
      logger.error({ queue: queueName, ...describeError(error) }, 'worker error');
    });
    const metrics = dependencies.metrics;
    const ranFor = (job: { processedOn?: number | undefined; finishedOn?: number | undefined }) =>
      job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : 0;
    worker.on('completed', (job) => metrics?.jobFinished(queueName, 'completed', ranFor(job)));
    worker.on('failed', (job, error) => {
      if (job) metrics?.jobFinished(queueName, 'failed', ranFor(job));
      logger.warn(
        {
          queue: queueName,
          jobId: job?.id,
          jobName: job?.name,
          attemptsMade: job?.attemptsMade,
          maxAttempts: job?.opts.attempts,
          ...describeError(error),
        },
        'job failed',
      );
    });
    return [worker];
  });
}

export async function closeWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.close()));
}
