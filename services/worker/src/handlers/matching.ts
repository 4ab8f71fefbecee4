import { RelayedJob } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { districtOfRequest } from '@sasaeai/db/matching';
import { DelayedError, UnrecoverableError } from 'bullmq';
import type { LivePublisher } from '../live-publisher.ts';
import type { Logger } from '../logger.ts';
import {
  runDistrictMatching,
  type DistrictRunResult,
  type MatchingSettings,
} from '../matching/run-district.ts';
import {
  enqueueDistrictMatching,
  MATCH_DISTRICT_JOB,
  MatchDistrictJob,
  type WorkerQueue,
} from '../queues.ts';

export interface MatchingJobDependencies {
  db: Database;
  live: LivePublisher;
  /** Where a run that must go again re-enqueues its district. */
  matchingQueue?: WorkerQueue;
  settings?: MatchingSettings;
  windowMs?: number;
  lockRetryMs?: number;
  logger?: Logger;
  onProposed?: (waitedSeconds: number[]) => void;
}

/** The parts of a BullMQ job the handler reads, so it can be called without a queue. */
export interface IncomingJob {
  id?: string | undefined;
  name?: string;
  queueName: string;
  data: unknown;
  /** Present on real BullMQ jobs: used to wait while another worker matches the district. */
  moveToDelayed?: (timestamp: number, token?: string) => Promise<void>;
}

/**
 * Matches the district a job names (a relayed help-request event, or a `district.match` job from
 * the reconciler). The run reads every open request of the district from PostgreSQL, so jobs
 * deduplicated into its batch lose nothing. When another worker holds the district's lock the
 * job steps aside and comes back after `lockRetryMs` — without using up an attempt — because
 * that run may have read the district before this job's request was committed.
 */
export async function processMatchingJob(
  deps: MatchingJobDependencies,
  job: IncomingJob,
  token?: string,
): Promise<DistrictRunResult | undefined> {
  const districtId = await districtOfJob(deps.db, job);
  if (!districtId) return undefined;
  const result = await runDistrictMatching(
    {
      db: deps.db,
      live: deps.live,
      ...(deps.settings ? { settings: deps.settings } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.onProposed ? { onProposed: deps.onProposed } : {}),
    },
    districtId,
  );
  if (result.status === 'busy') {
    if (job.moveToDelayed && token) {
      await job.moveToDelayed(Date.now() + (deps.lockRetryMs ?? 1_000), token);
      throw new DelayedError();
    }
    // Called without a queue (tests, tools): report it; nothing has been done.
    return result;
  }
  if (result.again && deps.matchingQueue) {
    await enqueueDistrictMatching(deps.matchingQueue, districtId, deps.windowMs ?? 500);
  }
  return result;
}

async function districtOfJob(db: Database, job: IncomingJob): Promise<string | null> {
  if (job.name === MATCH_DISTRICT_JOB) {
    const parsed = MatchDistrictJob.safeParse(job.data);
    if (!parsed.success) throw invalidPayload(job, parsed.error.issues);
    return parsed.data.districtId;
  }
  const relayed = parseRelayedJob(job);
  if (relayed.payload.districtId) return relayed.payload.districtId;
  // An older outbox row may name only the request.
  if (relayed.payload.requestId) return districtOfRequest(db, relayed.payload.requestId);
  return null;
}

/** A payload that does not validate will not validate on retry either, so it must not retry. */
export function parseRelayedJob(job: IncomingJob): RelayedJob {
  const parsed = RelayedJob.safeParse(job.data);
  if (parsed.success) return parsed.data;
  throw invalidPayload(job, parsed.error.issues);
}

function invalidPayload(
  job: IncomingJob,
  issues: ReadonlyArray<{ code: string; path: PropertyKey[] }>,
): UnrecoverableError {
  const described = issues.map(
    (issue) => `${issue.code} at ${issue.path.map(String).join('.') || '(root)'}`,
  );
  return new UnrecoverableError(
    `invalid payload for job ${job.id ?? '(no id)'} in ${job.queueName}: ${described.join(', ')}`,
  );
}
