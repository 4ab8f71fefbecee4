import type { Database } from '@sasaeai/db/client';
import {
  fanOutNotifications,
  planScheduledNotifications,
  type ScheduledNoticeSettings,
} from '@sasaeai/db/notifications';
import type { Logger } from '../logger.ts';
import { enqueueDueSends } from '../notifications/send-notification.ts';
import type { WorkerQueue } from '../queues.ts';

/** The one scheduler of time-based notices (see `planScheduledNotifications`). */
export const NOTIFICATIONS_SCAN_JOB = 'notifications.scan';

/**
 * Looks at the database as it is now for notices that are due because time passed (offers
 * about to expire, tomorrow's tasks, proposals waiting) and queues them. Event keys make a
 * second scan, or two workers scanning at once, write nothing new.
 */
export async function scanScheduledNotifications(
  deps: {
    db: Database;
    queue: WorkerQueue;
    settings: ScheduledNoticeSettings;
    logger?: Logger | undefined;
  },
  now: Date = new Date(),
): Promise<{ notifications: number }> {
  const plans = await planScheduledNotifications(deps.db, now, deps.settings);
  const queued = await fanOutNotifications(deps.db, plans);
  await enqueueDueSends(deps.db, deps.queue, queued);
  if (queued.length > 0) deps.logger?.info({ notifications: queued.length }, 'scheduled notices');
  return { notifications: queued.length };
}
