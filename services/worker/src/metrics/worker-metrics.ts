import { queueNames, type QueueName } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WorkerQueues } from '../queues.ts';

export interface WorkerMetrics {
  registry: Registry;
  /** A job finished (completed or failed) after running for `seconds`. */
  jobFinished(queue: QueueName, outcome: 'completed' | 'failed', seconds: number): void;
  /** Newly proposed requests and how long each waited since it was made. */
  proposed(waitedSeconds: number[]): void;
}

const queueStates = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * Prometheus metrics of one worker process (prom-client): job run time and failures per queue,
 * request → proposal latency, and, read when scraped, the depth of each queue by state, the age
 * of its oldest waiting job, and the outbox backlog (rows not yet relayed, and the oldest one's
 * age). Default process metrics include the event-loop lag.
 */
export function createWorkerMetrics({
  db,
  queues,
}: {
  db: Database;
  queues: WorkerQueues;
}): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'worker' });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const jobDuration = new Histogram({
    name: 'queue_job_duration_seconds',
    help: 'Run time of finished jobs by queue and outcome (matching: one district run)',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'queue_job_failures_total',
    help: 'Failed job attempts by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const proposalLatency = new Histogram({
    name: 'matching_request_to_proposal_seconds',
    help: 'Time from a help request being made to its proposal',
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600],
    registers: [registry],
  });

  new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queueNames.map(async (queue) => {
          const counts = await queues[queue].getJobCounts(...queueStates);
          for (const state of queueStates) this.set({ queue, state }, counts[state] ?? 0);
        }),
      );
    },
  });
  new Gauge({
    name: 'queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest job waiting to run in each queue (0 when none waits)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queueNames.map(async (queue) => {
          const [oldest] = await queues[queue].getJobs(['waiting'], 0, 0, true);
          const age = oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0;
          this.set({ queue }, age);
        }),
      );
    },
  });
  // Both outbox gauges come from one query per scrape: a scrape starts every collect at once,
  // so the second finds the first's query still in flight and shares it.
  let outboxRead: Promise<{ rows: number; age: number }> | undefined;
  const readOutbox = () =>
    (outboxRead ??= db
      .execute<{ rows: number; age: number | null }>(
        sql`select count(*)::int as rows,
                   extract(epoch from now() - min(created_at))::float8 as age
            from outbox where dispatched_at is null`,
      )
      .then(([row]) => ({ rows: row?.rows ?? 0, age: row?.age ?? 0 }))
      .finally(() => {
        outboxRead = undefined;
      }));
  new Gauge({
    name: 'outbox_backlog_rows',
    help: 'Outbox rows not yet relayed to a queue',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).rows);
    },
  });
  new Gauge({
    name: 'outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox row not yet relayed (0 when none)',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).age);
    },
  });

  return {
    registry,
    jobFinished(queue, outcome, seconds) {
      jobDuration.observe({ queue, outcome }, seconds);
      if (outcome === 'failed') jobFailures.inc({ queue });
    },
    proposed(waitedSeconds) {
      for (const seconds of waitedSeconds) proposalLatency.observe(seconds);
    },
  };
}
