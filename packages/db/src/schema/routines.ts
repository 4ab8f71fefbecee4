import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { helpCategoryEnum } from './enums.ts';
import { users } from './users.ts';

/**
 * A weekly routine need (e.g. rubbish out on collection days): on each chosen weekday between
 * `startsOn` and `endsOn` the worker makes one ordinary help request, two weeks ahead.
 * The address and district are the resident profile's when an occurrence is made.
 */
export const weeklyRoutines = pgTable(
  'weekly_routines',
  {
    id: id(),
    residentId: uuid()
      .notNull()
      .references(() => users.id),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    viaProxy: boolean().notNull().default(false),
    category: helpCategoryEnum().notNull(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: smallint().array().notNull(),
    /** The window in Japan time, minutes from midnight. */
    fromMinute: smallint().notNull(),
    untilMinute: smallint().notNull(),
    /** The household's collection area as the city's calendar names it (e.g. 「月・木 地区」). */
    collectionArea: text(),
    notes: text(),
    startsOn: date().notNull(),
    endsOn: date(),
    paused: boolean().notNull().default(false),
    endedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index().on(t.residentId),
    check(
      'weekly_routine_weekdays',
      sql`cardinality(${t.weekdays}) between 1 and 7 and ${t.weekdays} <@ array[1,2,3,4,5,6,7]::smallint[]`,
    ),
    check(
      'weekly_routine_window',
      sql`${t.fromMinute} >= 0 and ${t.untilMinute} <= 1440 and ${t.fromMinute} < ${t.untilMinute}`,
    ),
    check('weekly_routine_dates', sql`${t.endsOn} is null or ${t.startsOn} <= ${t.endsOn}`),
  ],
);

/** One date a routine is not wanted (the household is away, a relative comes). */
export const weeklyRoutineSkips = pgTable(
  'weekly_routine_skips',
  {
    routineId: uuid()
      .notNull()
      .references(() => weeklyRoutines.id),
    skipOn: date().notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.routineId, t.skipOn] })],
);

/**
 * The city's collection calendar: days with no collection (年末年始), kept as data the centre
 * edits. No routine occurrence is made on such a day.
 */
export const collectionHolidays = pgTable('collection_holidays', {
  day: date().primaryKey(),
  note: text().notNull(),
  updatedBy: uuid().references(() => users.id),
  ...timestamps,
});
