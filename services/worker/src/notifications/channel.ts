import type { NotificationChannel } from '@sasaeai/contracts';
import type { RenderedMessage } from './templates.ts';

/** One message for one person on one channel. */
export interface OutgoingMessage extends RenderedMessage {
  /** The notification row's id: the mail's Message-ID, so a receiver can drop a duplicate. */
  notificationId: string;
  /** The e-mail address (email channel) — passed to the provider, never logged or stored. */
  to: string | null;
}

/**
 * What a channel says about one attempt. `retry`: try again later (a 4xx, a dropped
 * connection); `permanent`: this channel will never reach the person (a 5xx), so fall back.
 * Reasons are short codes (`smtp 451`, `connection`), never a server's text, which may
 * quote the address.
 */
export type SendResult =
  | { outcome: 'sent'; providerMessageId: string }
  | { outcome: 'retry'; reason: string }
  | { outcome: 'permanent'; reason: string };

export interface Channel {
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): void;
}

/** The channels switched on; a channel missing here is off, and its rows are `skipped`. */
export type Channels = Partial<Record<NotificationChannel, Channel>>;
