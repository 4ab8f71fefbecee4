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

const requestPayload = z.object({ requestId: z.uuid(), districtId: z.uuid() }).strict();
const matchPayload = z
  .object({ matchId: z.uuid(), requestId: z.uuid(), districtId: z.uuid() })
  .strict();

/**
 * The payload each topic is written with (the outbox writer validates against these); ids only.
 * Every one is also an `OutboxPayload`, which is what readers of any topic accept.
 */
export const outboxPayloadSchemas = {
  'help_request.created': requestPayload,
  'help_request.changed': requestPayload,
  'help_request.unmatched': requestPayload,
  'help_request.edited': requestPayload,
  'match.changed': matchPayload,
  'concern.raised': matchPayload,
  'thanks.sent': z.object({ matchId: z.uuid(), requestId: z.uuid() }).strict(),
  'notification.requested': z.object({ userId: z.uuid(), kind: NotificationKind }).strict(),
} as const satisfies Record<OutboxTopic, z.ZodType<OutboxPayload>>;

export type OutboxPayloadOf<T extends OutboxTopic> = z.infer<(typeof outboxPayloadSchemas)[T]>;

/** One outbox message: a topic with the payload that topic takes. */
export type OutboxMessage = {
  [T in OutboxTopic]: { topic: T; payload: OutboxPayloadOf<T> };
}[OutboxTopic];

/** Checks a message against its topic's schema; throws a ZodError naming the bad fields. */
export function parseOutboxMessage(message: OutboxMessage): OutboxMessage {
  const topic = OutboxTopic.parse(message.topic);
  const payload = outboxPayloadSchemas[topic].parse(message.payload);
  return { topic, payload } as OutboxMessage;
}

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
