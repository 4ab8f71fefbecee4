import { z } from 'zod';

/**
 * Queue names and job payloads. Payloads carry ids only — never names, addresses or notes —
 * because Redis is not where personal data may live.
 */
export const queueNames = ['matching', 'notifications', 'maintenance'] as const;
export const QueueName = z.enum(queueNames);
export type QueueName = z.infer<typeof QueueName>;

export const outboxTopics = [
  'help_request.created',
  'help_request.changed',
  'match.changed',
  'notification.requested',
  'thanks.sent',
  'concern.raised',
  'help_request.unmatched',
  /** A coordinator corrected a request: volunteers offered or given it hear what changed. */
  'help_request.edited',
] as const;
export const OutboxTopic = z.enum(outboxTopics);
export type OutboxTopic = z.infer<typeof OutboxTopic>;

/**
 * Messages asked for directly rather than following a change of a request or match. The
 * renderer issues any link at send time, so no secret ever waits in the outbox or a queue.
 */
export const notificationKinds = ['password_reset'] as const;
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** What an outbox row's payload may contain: identifiers only. */
export const OutboxPayload = z
  .object({
    requestId: z.uuid().optional(),
    matchId: z.uuid().optional(),
    districtId: z.uuid().optional(),
    userId: z.uuid().optional(),
    kind: NotificationKind.optional(),
  })
  .strict();
export type OutboxPayload = z.infer<typeof OutboxPayload>;

/** Which queue an outbox topic is relayed to. */
export const queueForTopic: Record<OutboxTopic, QueueName> = {
  'help_request.created': 'matching',
  'help_request.changed': 'matching',
  'match.changed': 'notifications',
  'notification.requested': 'notifications',
  'thanks.sent': 'notifications',
  'concern.raised': 'notifications',
  'help_request.unmatched': 'notifications',
  'help_request.edited': 'notifications',
};

export const RelayedJob = z.object({
  outboxId: z.string(),
  topic: OutboxTopic,
  payload: OutboxPayload,
});
export type RelayedJob = z.infer<typeof RelayedJob>;
