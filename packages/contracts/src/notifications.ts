import { z } from 'zod';
import { PageNumber } from './paging.ts';

/**
 * How a person hears from the system. `phone_call` is a task for the district's coordinators
 * (call the person), the last resort when nothing automatic reached them. `sms` and `line`
 * (LINE Messaging API push) reach a phone; a volunteer can answer an offer there with 1 / 2.
 */
export const notificationChannels = ['email', 'phone_call', 'sms', 'line'] as const;
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
  'account.password_reset',
  // Time-based (the worker's `notifications.scan`): an offer about to expire, the evening
  // before an accepted task, and the coordinators' digest of proposals waiting for approval.
  'offer.expiring',
  'task.reminder',
  'proposals.waiting',
  // A coordinator's edit of a task a volunteer has been offered or accepted.
  'task.changed',
  // A call on the call list not made by its deadline (to the district's coordinators).
  'call.overdue',
  // Volunteer insurance to renew before it ends or the snow season starts (one per fiscal year).
  'insurance.renewal_due',
] as const;
export const NotificationEventType = z.enum(notificationEventTypes);
export type NotificationEventType = z.infer<typeof NotificationEventType>;

/**
 * A call a coordinator must make: someone no automatic channel reached (no e-mail address, or
 * their mail bounced). The phone number is on the request's page, whose opening is audited.
 */
export const CallTask = z.object({
  id: z.uuid(),
  eventType: NotificationEventType,
  personName: z.string(),
  /** The language the person reads: speak it. */
  language: z.enum(['ja', 'en']),
  requestId: z.uuid().nullable(),
  district: z.string(),
  createdAt: z.iso.datetime(),
  /** Not made by its deadline: the district's coordinators were told; listed first. */
  overdue: z.boolean(),
  /** Why to call and what to say, in plain Japanese (no address, no phone). */
  script: z.object({ why: z.string(), say: z.array(z.string()) }),
});
export type CallTask = z.infer<typeof CallTask>;
export const CallTaskList = z.object({
  calls: z.array(CallTask),
  /** How many calls are waiting in all pages. */
  total: z.int(),
  hasMore: z.boolean(),
});
/** Calls per page of the call list. */
export const CALL_PAGE_SIZE = 50;
export const CallListQuery = z.object({ page: PageNumber });
export type CallTaskList = z.infer<typeof CallTaskList>;
