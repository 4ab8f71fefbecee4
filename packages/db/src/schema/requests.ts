import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { districts } from './districts.ts';
import { snowEvents, winterRegistrations } from './snow.ts';
import { weeklyRoutines } from './routines.ts';
import { helpCategoryEnum, matchStatusEnum, requestStatusEnum, urgencyEnum } from './enums.ts';
import { users } from './users.ts';

const tstzrange = customType<{ data: string }>({ dataType: () => 'tstzrange' });

export const helpRequests = pgTable(
  'help_requests',
  {
    id: id(),
    residentId: uuid()
      .notNull()
      .references(() => users.id),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    /** True when a coordinator took the request by phone on the resident's behalf. */
    viaProxy: boolean().notNull().default(false),
    districtId: uuid()
      .notNull()
      .references(() => districts.id),
    category: helpCategoryEnum().notNull(),
    status: requestStatusEnum().notNull().default('open'),
    /** Sensitive: never in logs, job payloads or responses before acceptance. */
    address: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    windowEnd: timestamp({ withTimezone: true }).notNull(),
    asSoonAsPossible: boolean().notNull().default(false),
    peopleNeeded: integer().notNull().default(1),
    urgency: urgencyEnum().notNull().default('normal'),
    notes: text(),
    /** 要配慮個人情報: stored only with explicit consent (sensitiveConsentAt). */
    sensitiveNotes: text(),
    sensitiveConsentAt: timestamp({ withTimezone: true }),
    recurrence: jsonb(),
    /** A snow occurrence: the winter registration it came from and the snowfall that set it off. */
    winterRegistrationId: uuid().references(() => winterRegistrations.id),
    snowEventId: uuid().references(() => snowEvents.id),
    /** A weekly occurrence: the routine it came from and its day (Japan date). */
    weeklyRoutineId: uuid().references(() => weeklyRoutines.id),
    occursOn: date(),
    idempotencyKey: text(),
    /** Why matching gave up (e.g. `no_candidates`, `too_many_refusals`); cleared on re-match. */
    unmatchedReason: text(),
    /** When the request last entered `matching`; waiting time counts from here. */
    matchingSince: timestamp({ withTimezone: true }),
    /**
     * When a coordinator sent it to the neighbouring districts' volunteers at once, instead of
     * waiting out the neighbour wait.
     */
    neighboursOpenedAt: timestamp({ withTimezone: true }),
    /** When address and notes were cleared (retention or the resident's deletion). */
    anonymisedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index().on(t.districtId, t.status),
    index().on(t.residentId),
    index('help_requests_retention_due')
      .on(t.updatedAt)
      .where(sql`${t.status} in ('done', 'cancelled') and ${t.anonymisedAt} is null`),
    // The coordinator desk's default order (window, newest first) within districts and
    // city-wide; the id makes the order total, so a page can stop at its limit.
    index('help_requests_desk_district_window').on(t.districtId, t.windowStart, t.id),
    index('help_requests_desk_window').on(t.windowStart, t.id),
    uniqueIndex('help_requests_idempotency_key')
      .on(t.createdBy, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    // A snowfall expands each registration once, however often the event is declared.
    uniqueIndex('help_requests_one_per_snow_event')
      .on(t.winterRegistrationId, t.snowEventId)
      .where(sql`${t.winterRegistrationId} is not null`),
    // The weekly job makes each routine's day once, however often it runs.
    uniqueIndex('help_requests_one_per_routine_day')
      .on(t.weeklyRoutineId, t.occursOn)
      .where(sql`${t.weeklyRoutineId} is not null`),
    index('help_requests_snow_event')
      .on(t.snowEventId)
      .where(sql`${t.snowEventId} is not null`),
    check('help_request_window', sql`${t.windowStart} < ${t.windowEnd}`),
    check('help_request_people', sql`${t.peopleNeeded} between 1 and 50`),
    check(
      'help_request_sensitive_consent',
      sql`${t.sensitiveNotes} is null or ${t.sensitiveConsentAt} is not null`,
    ),
  ],
);

export const matches = pgTable(
  'matches',
  {
    id: id(),
    requestId: uuid()
      .notNull()
      .references(() => helpRequests.id),
    volunteerId: uuid()
      .notNull()
      .references(() => users.id),
    /** Which of the request's helper places this match fills (0 ≤ slot < peopleNeeded). */
    slot: integer().notNull().default(0),
    status: matchStatusEnum().notNull().default('proposed'),
    score: doublePrecision().notNull().default(0),
    scoreBreakdown: jsonb()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Copy of the request window; the exclusion constraint forbids overlapping bookings. */
    bookedDuring: tstzrange().notNull(),
    /** Individuals are exclusive; a group may run several tasks at once within its headcount. */
    exclusive: boolean().notNull().default(true),
    decidedBy: uuid().references(() => users.id),
    offeredAt: timestamp({ withTimezone: true }),
    offerExpiresAt: timestamp({ withTimezone: true }),
    respondedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    minutesSpent: integer(),
    wellbeingNote: text(),
    concernRaised: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index().on(t.volunteerId, t.status),
    // Covers what the council dashboard reads of a request's matches (first proposal, status,
    // helper, minutes), so a district's figures are index-only lookups; also every request_id lookup.
    index('matches_request_cover').on(
      t.requestId,
      t.createdAt,
      t.status,
      t.volunteerId,
      t.minutesSpent,
    ),
    uniqueIndex('matches_one_live_per_slot')
      .on(t.requestId, t.slot)
      .where(sql`${t.status} in ('proposed', 'approved', 'offered', 'accepted')`),
    uniqueIndex('matches_one_live_per_volunteer')
      .on(t.requestId, t.volunteerId)
      .where(sql`${t.status} in ('proposed', 'approved', 'offered', 'accepted')`),
    check('match_minutes', sql`${t.minutesSpent} is null or ${t.minutesSpent} between 0 and 1440`),
  ],
);

/**
 * Transactional outbox: a row is written in the same transaction as the change it announces;
 * the worker's relay moves it to a BullMQ queue. Payloads are ids only.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    topic: text().notNull(),
    payload: jsonb().notNull(),
    dispatchedAt: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index('outbox_pending')
      .on(t.id)
      .where(sql`${t.dispatchedAt} is null`),
  ],
);

/** Who did what to which record; details never hold personal data. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    actorId: uuid().references(() => users.id),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    districtId: uuid().references(() => districts.id),
    details: jsonb()
      .notNull()
      .default(sql`'{}'::jsonb`),
    ...timestamps,
  },
  (t) => [
    index().on(t.subjectType, t.subjectId),
    index().on(t.actorId),
    index().on(t.districtId, t.createdAt),
  ],
);
