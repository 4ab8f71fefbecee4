export { EnvError, loadWorkerEnv, WorkerEnv } from './env.ts';
export { createLogger, describeError, type Logger } from './logger.ts';
export { createRedisConnection, closeRedisConnection, type RedisRole } from './redis.ts';
export {
  createQueues,
  closeQueues,
  defaultJobOptions,
  enqueueDistrictMatching,
  matchingJobOptions,
  MATCH_DISTRICT_JOB,
  MatchDistrictJob,
  type WorkerQueue,
  type WorkerQueues,
  type RelayedJobQueue,
} from './queues.ts';
export {
  relayOutboxBatch,
  startOutboxRelay,
  outboxJobId,
  MAX_RELAY_ATTEMPTS,
  DEFAULT_MATCHING_WINDOW_MS,
  type OutboxRelay,
} from './outbox-relay.ts';
export { processMatchingJob, parseRelayedJob } from './handlers/matching.ts';
export {
  processMaintenanceJob,
  expireDueOffers,
  reconcileMatching,
  EXPIRE_OFFERS_JOB,
  RECONCILE_JOB,
} from './handlers/maintenance.ts';
export {
  runDistrictMatching,
  defaultMatchingSettings,
  DISTRICT_LOCK_NAMESPACE,
  VOLUNTEER_LOCK_NAMESPACE,
  type MatchingSettings,
  type DistrictRunResult,
} from './matching/run-district.ts';
export { createLivePublisher, noLivePublisher, type LivePublisher } from './live-publisher.ts';
export {
  upsertMaintenanceSchedules,
  keepMaintenanceSchedules,
  type ScheduleKeeper,
} from './schedules.ts';
export { processorFactories, type ProcessorDependencies } from './processors.ts';
export { startWorkers, closeWorkers } from './workers.ts';
export { findPostgresProblem, findRedisProblem } from './connectivity.ts';
export {
  processNotificationJob,
  reconcileNotifications,
  SendNotificationJob,
} from './handlers/notifications.ts';
export {
  scanScheduledNotifications,
  NOTIFICATIONS_SCAN_JOB,
} from './handlers/notification-scan.ts';
export {
  sendNotification,
  enqueueNotificationSends,
  enqueueDueSends,
  sendPriorityOf,
  defaultNotificationSettings,
  SEND_NOTIFICATION_JOB,
  type NotificationSettings,
  type SendOutcome,
} from './notifications/send-notification.ts';
export type { Channel, Channels, OutgoingMessage, SendResult } from './notifications/channel.ts';
export { createEmailChannel, classifySmtpError } from './notifications/email-channel.ts';
export { createNotificationChannels } from './notifications/channels.ts';
export { renderMessage, type RenderedMessage } from './notifications/templates.ts';
