import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { volunteerProfiles } from './people.ts';
import { users } from './users.ts';

/**
 * Plans of the volunteer activity insurance (ボランティア活動保険) the centre enrols volunteers
 * in, e.g. 基本プラン / 天災プラン: data the centre can see, never constants in code.
 */
export const insurancePlans = pgTable(
  'insurance_plans',
  {
    id: id(),
    code: text().notNull().unique(),
    nameJa: text().notNull(),
    nameEn: text().notNull(),
    /** The yearly premium in yen. */
    premiumYen: integer().notNull(),
    active: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [check('insurance_plan_premium', sql`${t.premiumYen} between 0 and 100000`)],
);

/**
 * One volunteer's insurance for one fiscal year (April–March), as the centre recorded it.
 * `source = 'migrated'` rows come from the self-declared dates before the centre kept the
 * record: they have no plan, no enrolment date and keep the old expiry date.
 */
export const insuranceEnrolments = pgTable(
  'insurance_enrolments',
  {
    id: id(),
    volunteerId: uuid()
      .notNull()
      .references(() => volunteerProfiles.userId, { onDelete: 'cascade' }),
    fiscalYear: smallint().notNull(),
    planId: uuid().references(() => insurancePlans.id),
    enrolledOn: date(),
    /** 31 March of the fiscal year for the centre's records. */
    coversUntil: date().notNull(),
    source: text().notNull().default('centre'),
    recordedBy: uuid().references(() => users.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    unique('insurance_enrolment_per_year').on(t.volunteerId, t.fiscalYear),
    index().on(t.fiscalYear),
    check('insurance_enrolment_source', sql`${t.source} in ('centre', 'migrated')`),
    check(
      'insurance_enrolment_centre_fields',
      sql`${t.source} = 'migrated' or (${t.planId} is not null and ${t.enrolledOn} is not null)`,
    ),
    check(
      'insurance_enrolment_within_year',
      sql`${t.coversUntil} <= make_date(${t.fiscalYear} + 1, 3, 31)
        and ${t.coversUntil} >= make_date(${t.fiscalYear}, 4, 1)`,
    ),
  ],
);
