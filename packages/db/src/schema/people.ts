import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { timestamps } from './columns.ts';
import { districts } from './districts.ts';
import {
  contactPreferenceEnum,
  helpCategoryEnum,
  verificationStatusEnum,
  volunteerKindEnum,
} from './enums.ts';
import { users } from './users.ts';

export const residentProfiles = pgTable(
  'resident_profiles',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    fullName: text().notNull(),
    fullNameKana: text(),
    /** Sensitive: shown only to the district's coordinators and an accepted volunteer. */
    phone: text(),
    address: text(),
    districtId: uuid().references(() => districts.id),
    contactPreference: contactPreferenceEnum().notNull().default('phone'),
    /** When and how the resident agreed to their data being used to arrange help. */
    consentAt: timestamp({ withTimezone: true }),
    consentMethod: text(),
    consentRecordedBy: uuid().references(() => users.id),
    /** When the resident agreed to their phone being given to the matched volunteer, and who recorded it. */
    shareConsentAt: timestamp({ withTimezone: true }),
    shareConsentRecordedBy: uuid().references(() => users.id),
    /** Someone to call when the resident cannot be reached (family, neighbour, 民生委員). */
    emergencyContactName: text(),
    emergencyContactRelation: text(),
    emergencyContactPhone: text(),
    /** Set when a coordinator merged this duplicate into another resident (the row is kept). */
    mergedIntoId: uuid().references((): AnyPgColumn => users.id),
    mergedAt: timestamp({ withTimezone: true }),
    mergedBy: uuid().references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index().on(t.districtId),
    index().on(t.mergedIntoId),
    check('resident_not_merged_into_self', sql`${t.mergedIntoId} <> ${t.userId}`),
  ],
);

export const volunteerProfiles = pgTable(
  'volunteer_profiles',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: volunteerKindEnum().notNull().default('individual'),
    groupName: text(),
    headcount: integer().notNull().default(1),
    representativeName: text(),
    skills: helpCategoryEnum()
      .array()
      .notNull()
      .default(sql`'{}'`),
    equipment: text()
      .array()
      .notNull()
      .default(sql`'{}'`),
    helpsNeighbours: boolean().notNull().default(false),
    maxTasksPerWeek: integer().notNull().default(2),
    verification: verificationStatusEnum().notNull().default('pending'),
    verifiedBy: uuid().references(() => users.id),
    verifiedAt: timestamp({ withTimezone: true }),
    /**
     * The districts served when last verified active: their coordinators may still suspend the
     * volunteer after a move (which sends verification back to pending).
     */
    verifiedDistrictIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'`),
    insuranceExpiresOn: date(),
    /** Set by a coordinator: proposals for this volunteer may be auto-approved. */
    trusted: boolean().notNull().default(false),
    /** Supported volunteering: until one task is completed, only beside someone already on it. */
    firstTaskWithBuddy: boolean().notNull().default(false),
    /** Prefers tasks without conversation (a scoring preference). */
    preferQuiet: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    check('volunteer_headcount_positive', sql`${t.headcount} >= 1`),
    check('volunteer_individual_headcount', sql`${t.kind} = 'group' or ${t.headcount} = 1`),
    check('volunteer_max_tasks_range', sql`${t.maxTasksPerWeek} between 0 and 50`),
  ],
);

export const volunteerDistricts = pgTable(
  'volunteer_districts',
  {
    volunteerId: uuid()
      .notNull()
      .references(() => volunteerProfiles.userId, { onDelete: 'cascade' }),
    districtId: uuid()
      .notNull()
      .references(() => districts.id),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.volunteerId, t.districtId] }), index().on(t.districtId)],
);

/** Weekly availability: weekday 0 (Sunday) to 6, minutes from midnight, Asia/Tokyo. */
export const volunteerAvailability = pgTable(
  'volunteer_availability',
  {
    volunteerId: uuid()
      .notNull()
      .references(() => volunteerProfiles.userId, { onDelete: 'cascade' }),
    weekday: smallint().notNull(),
    startMinute: smallint().notNull(),
    endMinute: smallint().notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.volunteerId, t.weekday, t.startMinute] }),
    check('availability_weekday', sql`${t.weekday} between 0 and 6`),
    check(
      'availability_window',
      sql`${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.startMinute} < ${t.endMinute}`,
    ),
  ],
);
