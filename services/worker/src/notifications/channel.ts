import type { NotificationChannel } from '@sasaeai/contracts';
import type { RenderedMessage } from './templates.ts';

/** One message for one person on one channel. */
export interface OutgoingMessage extends RenderedMessage {
  /** The notification row's id: the mail's Message-ID, so a receiver can drop a duplicate. */
  notificationId: string;
  /**
   * Where it goes on this channel — the e-mail address, the E.164 phone number (sms) or the
   * LINE user id (line) — passed to the provider, never logged or stored on the row.
   */
  to: string | null;
  /** The words for a phone (SMS, LINE): one text, with how to answer by reply. */
  chatText?: string;
}

/**
 * What a channel says about one attempt. `retry`: try again later (a 4xx, a dropped
 * connection); `permanent`: this channel will never reach the person (a 5xx), so fall back.
 * Reasons are short codes (`smtp 451`, `connection`), never a server's text, which may
 * quote the address.
 */
export type SendResult =
  | { outcome: 'sent'; providerMessageId: string }
  /** `retryAfterMs`: the provider asked for at least this pause (a 429's Retry-After). */
  | { outcome: 'retry'; reason: string; retryAfterMs?: number }
  | { outcome: 'permanent'; reason: string };

export interface Channel {
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): void;
}

/** The channels switched on; a channel missing here is off, and its rows are `skipped`. */
export type Channels = Partial<Record<NotificationChannel, Channel>>;

/** The text a phone channel sends: the chat text, or the subject and body. */
export const chatTextFor = (message: OutgoingMessage): string =>
  message.chatText ?? `${message.subject}\n\n${message.text}`;
