import { RelayedJob } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { UnrecoverableError } from 'bullmq';
import { sql } from 'drizzle-orm';

export interface MatchingJobDependencies {
  db: Database;
}

/** The parts of a BullMQ job the handler reads, so it can be called without a queue. */
export interface IncomingJob {
  id?: string | undefined;
  queueName: string;
  data: unknown;
}

/**
 * Accepts a relayed help-request event for matching. Matching itself arrives in a later issue;
 * for now the handler validates the job and records its receipt, once per outbox row.
 */
export async function processMatchingJob(
  { db }: MatchingJobDependencies,
  job: IncomingJob,
): Promise<void> {
  const relayed = parseRelayedJob(job);
  const details = JSON.stringify({
    queue: job.queueName,
    topic: relayed.topic,
    jobId: job.id ?? null,
  });
  // Guarded insert: a retried or re-relayed job records the receipt only once.
  await db.execute(sql`
    insert into audit_events (action, subject_type, subject_id, details)
    select 'job.received', 'outbox', ${relayed.outboxId}, ${details}::jsonb
    where not exists (
      select 1 from audit_events
      where action = 'job.received' and subject_type = 'outbox' and subject_id = ${relayed.outboxId}
    )`);
}

/** A payload that does not validate will not validate on retry either, so it must not retry. */
export function parseRelayedJob(job: IncomingJob): RelayedJob {
  const parsed = RelayedJob.safeParse(job.data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (issue) => `${issue.code} at ${issue.path.map(String).join('.') || '(root)'}`,
  );
  throw new UnrecoverableError(
    `invalid payload for job ${job.id ?? '(no id)'} in ${job.queueName}: ${issues.join(', ')}`,
  );
}
