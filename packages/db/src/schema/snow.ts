import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  numeric,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { districts } from './districts.ts';
import { snowEventSourceEnum, winterRegistrationStatusEnum } from './enums.ts';
import { users } from './users.ts';

/**
 * 冬の除雪登録: a household's standing need for snow clearing all season. Each snow event in the
 * resident's district whose snowfall reaches `thresholdCm` turns it into a dated help request.
 * The district and address are read from the resident's profile when an event expands it.
 */
export const winterRegistrations = pgTable(
  'winter_registrations',
  {
    id: id(),
    residentId: uuid()
      .notNull()
      .references(() => users.id),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    /** True when a coordinator registered it on the resident's behalf. */
    viaProxy: boolean().notNull().default(false),
    /** The year the season starts in: 2026 is 1 Dec 2026 – 31 Mar 2027. */
    seasonYear: smallint().notNull(),
    validFrom: date().notNull(),
    validUntil: date().notNull(),
    frontageMetres: numeric({ precision: 3, scale: 1, mode: 'number' }).notNull(),
    clearPath: boolean().notNull().default(false),
    roofFall: boolean().notNull().default(false),
    /** The morning window in Japan time, minutes from midnight. */
    readyFromMinute: smallint().notNull(),
    readyByMinute: smallint().notNull(),
    thresholdCm: smallint().notNull(),
    /** Free text for the helper (e.g. where the shovel is); never in logs or job payloads. */
    accessNotes: text(),
    status: winterRegistrationStatusEnum().notNull().default('active'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('winter_registrations_one_per_season')
      .on(t.residentId, t.seasonYear)
      .where(sql`${t.status} in ('active', 'paused')`),
    index().on(t.seasonYear, t.status),
    check('winter_registration_frontage', sql`${t.frontageMetres} between 0.5 and 50`),
    check('winter_registration_threshold', sql`${t.thresholdCm} between 1 and 100`),
    check(
      'winter_registration_window',
      sql`${t.readyFromMinute} >= 0 and ${t.readyByMinute} <= 1440 and ${t.readyFromMinute} < ${t.readyByMinute}`,
    ),
    check('winter_registration_validity', sql`${t.validFrom} <= ${t.validUntil}`),
  ],
);

/** A snowfall in one district on one day; declaring it again finds this row, never a second. */
export const snowEvents = pgTable(
  'snow_events',
  {
    id: id(),
    districtId: uuid()
      .notNull()
      .references(() => districts.id),
    observedOn: date().notNull(),
    cm: smallint().notNull(),
    source: snowEventSourceEnum().notNull().default('declared'),
    declaredBy: uuid()
      .notNull()
      .references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('snow_events_district_day').on(t.districtId, t.observedOn),
    index().on(t.observedOn),
    check('snow_event_cm', sql`${t.cm} between 1 and 500`),
  ],
);
