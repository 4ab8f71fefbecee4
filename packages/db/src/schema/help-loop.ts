import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  check,
  date,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { districts } from './districts.ts';
import { helpRequests, matches } from './requests.ts';
import { users } from './users.ts';

/** Per-district choices a coordinator makes. */
export const districtSettings = pgTable(
  'district_settings',
  {
    districtId: uuid()
      .primaryKey()
      .references(() => districts.id, { onDelete: 'cascade' }),
    /** Proposals for volunteers marked trusted skip the approval queue. */
    autoApproveTrusted: boolean().notNull().default(false),
    /** How long a volunteer has to answer an offer before it expires and the request re-matches. */
    offerTtlMinutes: integer().notNull().default(720),
    /** Closed requests older than this lose their address and notes (APPI retention). */
    retentionMonths: integer().notNull().default(36),
    /** Snow offers may reach volunteers from 05:00, even inside their quiet hours. */
    snowOffersFromFive: boolean().notNull().default(false),
    updatedBy: uuid().references(() => users.id),
    ...timestamps,
  },
  (t) => [
    check('district_settings_offer_ttl', sql`${t.offerTtlMinutes} between 5 and 10080`),
    check('district_settings_retention', sql`${t.retentionMonths} between 12 and 120`),
  ],
);

/** 「ありがとう」: a resident's message to the volunteer who helped. */
export const thanks = pgTable(
  'thanks',
  {
    id: id(),
    matchId: uuid()
      .notNull()
      .unique()
      .references(() => matches.id),
    requestId: uuid()
      .notNull()
      .references(() => helpRequests.id),
    fromUserId: uuid()
      .notNull()
      .references(() => users.id),
    toUserId: uuid()
      .notNull()
      .references(() => users.id),
    message: text().notNull(),
    ...timestamps,
  },
  (t) => [index().on(t.toUserId), index().on(t.requestId)],
);

/** A case is open, being worked on, or closed (the former `followed_up` became `closed`). */
export const concernStatusEnum = pgEnum('concern_status', ['open', 'in_progress', 'closed']);

/**
 * 見守り: a volunteer's worry about a resident, for the district coordinator to follow up. It is
 * a case: notes and referrals hang off it (concern-cases.ts).
 */
export const concerns = pgTable(
  'concerns',
  {
    id: id(),
    matchId: uuid()
      .notNull()
      .unique()
      .references(() => matches.id),
    requestId: uuid()
      .notNull()
      .references(() => helpRequests.id),
    districtId: uuid()
      .notNull()
      .references(() => districts.id),
    raisedBy: uuid()
      .notNull()
      .references(() => users.id),
    /** May describe the resident's condition: shown only to the district's coordinators. */
    note: text(),
    status: concernStatusEnum().notNull().default('open'),
    /** Who closed the case, and when (named for the one-step follow-up it started as). */
    followedUpBy: uuid().references(() => users.id),
    followedUpAt: timestamp({ withTimezone: true }),
    /** The date (JST) the coordinator means to look at the case again. */
    followUpOn: date({ mode: 'string' }),
    ...timestamps,
  },
  (t) => [index().on(t.districtId, t.status), index().on(t.requestId)],
);
