import { sql } from 'drizzle-orm';
import {
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
import { id, timestamps } from './columns.ts';
import { winterPaymentMethodEnum } from './enums.ts';
import { users } from './users.ts';

/**
 * The paid winter service's fee classes (福祉除雪の料金区分): data the centre edits, never
 * constants in code. The demo classes come from the seed module.
 */
export const winterFeeClasses = pgTable(
  'winter_fee_classes',
  {
    id: id(),
    /** A short stable code for the export (e.g. `A`, `exempt`). */
    code: text().notNull().unique(),
    nameJa: text().notNull(),
    nameEn: text().notNull(),
    /** The season fee in yen; 0 for an exempt class. */
    seasonFeeYen: integer().notNull(),
    /** A retired class stays for the seasons that used it but is offered no more. */
    active: boolean().notNull().default(true),
    updatedBy: uuid().references(() => users.id),
    ...timestamps,
  },
  (t) => [check('winter_fee_class_fee', sql`${t.seasonFeeYen} between 0 and 1000000`)],
);

/**
 * A household's fee class for one season, set by the centre. The fee is copied when the class
 * is set, so editing a class later does not change what a household was told it owes.
 */
export const winterFeeAssignments = pgTable(
  'winter_fee_assignments',
  {
    residentId: uuid()
      .notNull()
      .references(() => users.id),
    seasonYear: smallint().notNull(),
    feeClassId: uuid()
      .notNull()
      .references(() => winterFeeClasses.id),
    seasonFeeYen: integer().notNull(),
    setBy: uuid()
      .notNull()
      .references(() => users.id),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.residentId, t.seasonYear] }),
    check('winter_fee_assignment_fee', sql`${t.seasonFeeYen} between 0 and 1000000`),
  ],
);

/** One payment of a household's season fee, as the centre recorded it (audited). */
export const winterPayments = pgTable(
  'winter_payments',
  {
    id: id(),
    residentId: uuid()
      .notNull()
      .references(() => users.id),
    seasonYear: smallint().notNull(),
    amountYen: integer().notNull(),
    paidOn: date().notNull(),
    method: winterPaymentMethodEnum().notNull(),
    recordedBy: uuid()
      .notNull()
      .references(() => users.id),
    /**
     * A payment recorded by mistake is voided, never deleted: it stays in the record (and the
     * CSV) marked as voided, with who did it and why, and no longer counts as paid.
     */
    voidedAt: timestamp({ withTimezone: true }),
    voidedBy: uuid().references(() => users.id),
    voidReason: text(),
    ...timestamps,
  },
  (t) => [
    index().on(t.residentId, t.seasonYear),
    check('winter_payment_amount', sql`${t.amountYen} between 1 and 1000000`),
    check(
      'winter_payment_void_complete',
      sql`(${t.voidedAt} is null) = (${t.voidedBy} is null) and (${t.voidedAt} is null) = (${t.voidReason} is null)`,
    ),
  ],
);
