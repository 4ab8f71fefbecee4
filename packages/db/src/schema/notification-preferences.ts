import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { notificationChannelEnum } from './enums.ts';
import { matches } from './requests.ts';
import { users } from './users.ts';

/**
 * How one person wants to be reached. No row: the default order (e-mail, then a coordinator's
 * call). The phone number for SMS and the LINE user id are personal data: read only by the
 * person's own page, their district's coordinators and the sender at send time.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** First choice first; channels left out are not used (empty: the default order). */
    channelOrder: notificationChannelEnum()
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** E.164, e.g. `+819012345678`. */
    smsPhone: text(),
    /** The LINE user id the bot saw when the person sent their link code. */
    lineUserId: text(),
    /** A one-time code the person sends to the LINE bot to link their account. */
    lineLinkCode: text(),
    lineLinkCodeExpiresAt: timestamp({ withTimezone: true }),
    /** No messages from this hour until the end hour (Japan time); both null: none. */
    quietStartHour: smallint(),
    quietEndHour: smallint(),
    /**
     * A resident's proxy contact (family, 民生委員, other) who receives the resident's notices
     * instead of them (`proxyInstead`) or as well. Personal data, like the SMS number.
     */
    proxyName: text(),
    /** family / minsei_iin / other */
    proxyRelationship: text(),
    proxyEmail: text(),
    /** E.164. */
    proxySmsPhone: text(),
    proxyInstead: boolean().notNull().default(false),
    updatedBy: uuid().references(() => users.id),
    ...timestamps,
  },
  (t) => [
    unique('notification_preferences_line_user').on(t.lineUserId),
    unique('notification_preferences_line_code').on(t.lineLinkCode),
    index().on(t.smsPhone),
    check(
      'notification_preferences_quiet_hours',
      sql`(${t.quietStartHour} is null) = (${t.quietEndHour} is null) and coalesce(${t.quietStartHour}, 0) between 0 and 23 and coalesce(${t.quietEndHour}, 0) between 0 and 23`,
    ),
    check(
      'notification_preferences_proxy',
      sql`(${t.proxyName} is null) = (${t.proxyRelationship} is null) and coalesce(${t.proxyRelationship}, 'other') in ('family', 'minsei_iin', 'other') and (${t.proxyName} is null or ${t.proxyEmail} is not null or ${t.proxySmsPhone} is not null)`,
    ),
  ],
);

/**
 * What came in from SMS or LINE: who sent it (when known), what it was taken to mean and what
 * was done. The text is kept here (trimmed, at most 1,000 characters) and never logged.
 */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: id(),
    channel: notificationChannelEnum().notNull(),
    /** The provider's id for the message (Twilio MessageSid, LINE webhookEventId): once only. */
    providerMessageId: text().notNull(),
    /** The sender as the provider names them (phone number, LINE user id). */
    sender: text().notNull(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    /** accept / decline / link / unclear */
    intent: text().notNull(),
    /**
     * accepted / declined / linked / link_invalid / unknown_sender / no_offer / late /
     * already_accepted / already_declined / unclear / refused
     */
    outcome: text().notNull(),
    matchId: uuid().references(() => matches.id),
    ...timestamps,
  },
  (t) => [
    unique('inbound_messages_provider_id').on(t.channel, t.providerMessageId),
    index().on(t.userId, t.createdAt),
  ],
);
