import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { notificationEventTypes } from '@sasaeai/contracts';
import { id, timestamps } from './columns.ts';
import { districts } from './districts.ts';
import { localeEnum, notificationChannelEnum, notificationStatusEnum } from './enums.ts';
import { helpRequests, matches } from './requests.ts';
import { users } from './users.ts';

/**
 * One row per (event, person, channel): what must reach whom, and how far it got. The unique
 * key makes the fan-out idempotent — a job relayed twice, a worker killed mid-way or a Redis
 * flush inserts nothing new — and a row once `sent` is never claimed again. Rows hold ids and a
 * short error reason only; the words are rendered from the database when the row is sent.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What happened, e.g. `match.offered:<matchId>`; with the person and channel, unique. */
    eventKey: text().notNull(),
    eventType: text({ enum: notificationEventTypes }).notNull(),
    channel: notificationChannelEnum().notNull(),
    template: text().notNull(),
    language: localeEnum().notNull(),
    status: notificationStatusEnum().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    /** A short reason such as `smtp 451` or `connection`; never an address or a name. */
    lastError: text(),
    providerMessageId: text(),
    /** The subject the words are rendered from. */
    matchId: uuid().references(() => matches.id),
    requestId: uuid().references(() => helpRequests.id),
    /** Whose coordinators a phone call falls to. */
    districtId: uuid().references(() => districts.id),
    /** When the row may be tried (again); a claim moves it ahead by the claim lease. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    unique('notifications_event_person_channel').on(t.eventKey, t.userId, t.channel),
    index('notifications_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'queued'`),
    index().on(t.userId, t.createdAt),
    index().on(t.districtId, t.channel, t.status),
    check('notifications_attempts', sql`${t.attempts} >= 0`),
  ],
);
