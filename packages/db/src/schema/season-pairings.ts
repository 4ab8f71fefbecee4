import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { seasonPairingRoleEnum, seasonPairingStatusEnum } from './enums.ts';
import { winterRegistrations } from './snow.ts';
import { users } from './users.ts';

/**
 * A household and a helper (person or group) who agreed, after a first meeting (顔合わせ) the
 * coordinator records, to pair for the season: on each snowfall the primary is offered the
 * household's request first, the backup next, and only then does batch matching take it.
 */
export const seasonPairings = pgTable(
  'season_pairings',
  {
    id: id(),
    winterRegistrationId: uuid()
      .notNull()
      .references(() => winterRegistrations.id),
    helperId: uuid()
      .notNull()
      .references(() => users.id),
    role: seasonPairingRoleEnum().notNull(),
    status: seasonPairingStatusEnum().notNull().default('active'),
    /** The day of the first meeting (顔合わせ). */
    metOn: date().notNull(),
    recordedBy: uuid()
      .notNull()
      .references(() => users.id),
    /** Who last paused or ended it, and why (a code). */
    changedBy: uuid().references(() => users.id),
    reason: text(),
    endedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('season_pairings_one_per_role')
      .on(t.winterRegistrationId, t.role)
      .where(sql`${t.status} in ('active', 'paused')`),
    uniqueIndex('season_pairings_helper_once')
      .on(t.winterRegistrationId, t.helperId)
      .where(sql`${t.status} in ('active', 'paused')`),
    index().on(t.helperId),
  ],
);
