import {
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { helpCategoryEnum, requestStatusEnum } from './enums.ts';

/**
 * The council dashboard's pre-aggregation (issue 5, "Scale"): one narrow row per help request
 * with everything the activity report needs from its matches, thanks and concerns, so the
 * city-wide report aggregates 100,000 rows instead of joining them with 150,000 matches.
 *
 * Kept up to date incrementally (migration 0005): statement-level triggers on help_requests,
 * matches, thanks and concerns queue the touched request ids in `council_facts_dirty`;
 * `council_facts_apply()` recomputes exactly those rows. The dashboard applies the queue before
 * each read (so it always shows committed data, as of its `asOf`) and the worker applies it on
 * a schedule so the queue stays short. `council_facts_rebuild()` recomputes everything.
 * No foreign keys: rows follow their request through the queue, not through cascades.
 */
export const councilRequestFacts = pgTable(
  'council_request_facts',
  {
    requestId: uuid().primaryKey(),
    districtId: uuid().notNull(),
    residentId: uuid().notNull(),
    category: helpCategoryEnum().notNull(),
    status: requestStatusEnum().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /** The first day of the request's creation month in Japan time. */
    month: date().notNull(),
    /** Hours from creation to the first proposal (any match); null when never matched. */
    firstProposalHours: doublePrecision(),
    /** Minutes of its completed matches. */
    minutesGiven: integer().notNull().default(0),
    thanks: integer().notNull().default(0),
    concerns: integer().notNull().default(0),
  },
  (t) => [index().on(t.createdAt), index().on(t.districtId, t.createdAt)],
);

/**
 * The volunteers with an accepted or completed match on each request (one row per pair), with
 * the request's grouping columns, so distinct counts of active volunteers are one sort of a
 * narrow table. Maintained with the facts.
 */
export const councilRequestHelpers = pgTable(
  'council_request_helpers',
  {
    requestId: uuid().notNull(),
    volunteerId: uuid().notNull(),
    districtId: uuid().notNull(),
    category: helpCategoryEnum().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    month: date().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.volunteerId] }),
    index().on(t.createdAt),
    index().on(t.districtId, t.createdAt),
  ],
);

/** Request ids whose facts are out of date (duplicates allowed; written by triggers only). */
export const councilFactsDirty = pgTable('council_facts_dirty', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  requestId: uuid().notNull(),
});

/** One row (id 1): when the facts were last brought up to date. */
export const councilFactsState = pgTable('council_facts_state', {
  id: integer().primaryKey(),
  refreshedAt: timestamp({ withTimezone: true }).notNull(),
});
