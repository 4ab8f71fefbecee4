import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { users } from './users.ts';

export const deletionRequestStatusEnum = pgEnum('deletion_request_status', [
  'requested',
  'done',
  'refused',
]);

/**
 * A person's request to have their account deleted (APPI). A coordinator of one of their
 * districts, or an admin, carries it out (the account is anonymised) or refuses it with a reason.
 */
export const deletionRequests = pgTable(
  'deletion_requests',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** The person's districts when they asked (resident profile and volunteer districts). */
    districtIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'`),
    status: deletionRequestStatusEnum().notNull().default('requested'),
    /** Why it was refused (written by the coordinator); never personal data of others. */
    reason: text(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('deletion_requests_one_open')
      .on(t.userId)
      .where(sql`${t.status} = 'requested'`),
    index().on(t.status, t.createdAt),
  ],
);
