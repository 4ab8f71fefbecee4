import { z } from 'zod';

/**
 * How a person hears from the system. `phone_call` is a task for the district's coordinators
 * (call the person), the last resort when nothing automatic reached them.
 */
export const notificationChannels = ['email', 'phone_call'] as const;
export const NotificationChannel = z.enum(notificationChannels);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/**
 * `queued → sent → delivered`, or `failed` (retries used up) / `bounced` (refused for good);
 * `skipped` when the channel is switched off. The last three fall back to the next channel.
 */
export const notificationStatuses = [
  'queued',
  'sent',
  'delivered',
  'failed',
  'bounced',
  'skipped',
] as const;
export const NotificationStatus = z.enum(notificationStatuses);
export type NotificationStatus = z.infer<typeof NotificationStatus>;

/** What happened, which decides the words (one template per event type). */
export const notificationEventTypes = [
  'match.offered',
  'match.withdrawn',
  'match.accepted',
  'match.declined',
  'thanks.received',
  'concern.raised',
  'request.unmatched',
] as const;
export const NotificationEventType = z.enum(notificationEventTypes);
export type NotificationEventType = z.infer<typeof NotificationEventType>;
