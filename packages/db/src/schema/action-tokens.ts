import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { actionPurposes } from '@sasaeai/contracts';
import { bytea, timestamps } from './columns.ts';
import { matches } from './requests.ts';
import { users } from './users.ts';

export const actionPurposeEnum = pgEnum('action_purpose', actionPurposes);

/**
 * One-tap links (answer an offer) and password resets. The link carries `<id>.<secret>`; only
 * SHA-256 of the secret is stored, so a copy of this table opens nothing. Single use: `usedAt`.
 */
export const actionTokens = pgTable(
  'action_tokens',
  {
    id: text().primaryKey(),
    secretHash: bytea().notNull(),
    purpose: actionPurposeEnum().notNull(),
    /** Whom the link acts for: the offer's volunteer, or the account being reset. */
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    matchId: uuid().references(() => matches.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index().on(t.matchId),
    index().on(t.userId, t.purpose),
    check(
      'action_token_subject',
      sql`(${t.purpose} in ('offer.accept', 'offer.decline')) = (${t.matchId} is not null)`,
    ),
  ],
);
