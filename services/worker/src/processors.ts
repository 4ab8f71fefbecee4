import type { QueueName } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import type { Processor } from 'bullmq';
import { processMatchingJob } from './handlers/matching.ts';

export interface ProcessorDependencies {
  db: Database;
}

export type QueueProcessor = Processor<unknown, void>;

/**
 * Which handler consumes each queue. A queue without an entry gets no worker: `notifications`
 * and `maintenance` have no real handler yet, and their jobs wait in the queue for one rather
 * than being marked done by a stand-in.
 */
export const processorFactories: Partial<
  Record<QueueName, (deps: ProcessorDependencies) => QueueProcessor>
> = {
  matching: (deps) => (job) => processMatchingJob(deps, job),
};
