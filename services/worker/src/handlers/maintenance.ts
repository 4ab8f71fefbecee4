import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { expireOffers } from '@sasaeai/db/help-loop';
import { districtsWithStaleRequests } from '@sasaeai/db/matching';
import { UnrecoverableError } from 'bullmq';
import type { LivePublisher } from '../live-publisher.ts';
import type { Logger } from '../logger.ts';
import { enqueueDistrictMatching, type WorkerQueue } from '../queues.ts';
import {
  defaultScheduledNoticeSettings,
  type ScheduledNoticeSettings,
} from '@sasaeai/db/notifications';
import { NOTIFICATIONS_SCAN_JOB, scanScheduledNotifications } from './notification-scan.ts';
import { reconcileNotifications } from './notifications.ts';
import { RETENTION_JOB, runRetention } from './retention.ts';
import { expandRoutines, WEEKLY_ROUTINES_JOB } from './weekly-routines.ts';

/** Scheduled jobs on the `maintenance` queue (see schedules.ts). */
export const EXPIRE_OFFERS_JOB = 'offers.expire';
export const RECONCILE_JOB = 'matching.reconcile';
export const COUNCIL_FACTS_JOB = 'council.facts.refresh';
export const NOTIFICATIONS_RECONCILE_JOB = 'notifications.reconcile';

/** A queued notification this far past its next attempt has lost its job. */
export const DEFAULT_NOTIFICATIONS_GRACE_MS = 60_000;

export interface MaintenanceDependencies {
  db: Database;
  live: LivePublisher;
  matchingQueue: WorkerQueue;
  /** Requests in open/matching untouched this long are matched again. */
  reconcileStaleSeconds: number;
  windowMs: number;
  /** Where overdue notifications are sent again; without it the job has nothing to do. */
  notificationsQueue?: WorkerQueue;
  notificationsGraceMs?: number;
  /** When the time-based notices go out (`notifications.scan`). */
  scheduledNotices?: ScheduledNoticeSettings;
  logger?: Logger;
}

export async function processMaintenanceJob(
  deps: MaintenanceDependencies,
  job: { id?: string | undefined; name: string },
): Promise<{
  expired?: number;
  districts?: number;
  asOf?: string;
  notifications?: number;
  anonymised?: number;
  contactsErased?: number;
  created?: number;
  alreadyExisted?: number;
}> {
  switch (job.name) {
    case EXPIRE_OFFERS_JOB:
      return expireDueOffers(deps);
    case RECONCILE_JOB:
      return reconcileMatching(deps);
    case COUNCIL_FACTS_JOB:
      return refreshCouncilFacts(deps);
    case NOTIFICATIONS_RECONCILE_JOB:
      if (!deps.notificationsQueue) return { notifications: 0 };
      return reconcileNotifications({
        db: deps.db,
        queue: deps.notificationsQueue,
        graceMs: deps.notificationsGraceMs ?? DEFAULT_NOTIFICATIONS_GRACE_MS,
        logger: deps.logger,
      });
    case NOTIFICATIONS_SCAN_JOB:
      if (!deps.notificationsQueue) return { notifications: 0 };
      return scanScheduledNotifications({
        db: deps.db,
        queue: deps.notificationsQueue,
        settings: deps.scheduledNotices ?? defaultScheduledNoticeSettings,
        logger: deps.logger,
      });
    case RETENTION_JOB:
      return runRetention(deps);
    case WEEKLY_ROUTINES_JOB:
      return expandRoutines(deps);
    default:
      throw new UnrecoverableError(`unknown maintenance job ${job.name}`);
  }
}

/**
 * Offers nobody answered in time expire; each request goes back to matching with an outbox row
 * (written by `expireOffers`), so the relay brings it to the matcher, which leaves out the
 * volunteer who let it expire.
 */
export async function expireDueOffers(
  deps: Pick<MaintenanceDependencies, 'db' | 'live' | 'logger'>,
  now: Date = new Date(),
): Promise<{ expired: number }> {
  const { expired, notices } = await expireOffers(deps.db, now);
  await deps.live.publish(notices);
  if (expired > 0) deps.logger?.info({ expired }, 'offers expired');
  return { expired };
}

/**
 * PostgreSQL holds every fact; Redis only dispatches. Any district with a request in open or
 * matching that nothing has touched for a while gets a matching job again — after Redis lost
 * its data, a relay outage, or simply because a request is still waiting for a volunteer
 * (busy volunteers free up, neighbours become eligible once the request has waited).
 */
export async function reconcileMatching(
  deps: Pick<
    MaintenanceDependencies,
    'db' | 'matchingQueue' | 'reconcileStaleSeconds' | 'windowMs' | 'logger'
  >,
  now: Date = new Date(),
): Promise<{ districts: number }> {
  const districts = await districtsWithStaleRequests(deps.db, deps.reconcileStaleSeconds, now);
  for (const districtId of districts) {
    await enqueueDistrictMatching(deps.matchingQueue, districtId, deps.windowMs);
  }
  if (districts.length > 0)
    deps.logger?.info({ districts: districts.length }, 'matching re-enqueued');
  return { districts: districts.length };
}

/**
 * Applies the queued changes to the council dashboard's per-request facts (migration 0005;
 * triggers queue every touched request). The dashboard applies the queue itself before each
 * read, so this only keeps the queue short and the reads cheap after busy periods.
 */
export async function refreshCouncilFacts(
  deps: Pick<MaintenanceDependencies, 'db' | 'logger'>,
): Promise<{ asOf: string }> {
  const [row] = await deps.db.execute<{ as_of: string | Date }>(
    sql`select council_facts_apply() as as_of`,
  );
  const asOf = new Date(row!.as_of).toISOString();
  deps.logger?.debug({ asOf }, 'council facts refreshed');
  return { asOf };
}
