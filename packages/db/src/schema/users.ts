import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, id, timestamps } from './columns.ts';
import { districts } from './districts.ts';
import { localeEnum, roleEnum, textSizeEnum } from './enums.ts';

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Lower-cased; null for residents registered by a coordinator who have no log-in. */
    email: text(),
    passwordHash: text(),
    displayName: text().notNull(),
    locale: localeEnum().notNull().default('ja'),
    /** Reading aids (PUT /api/me/reading-aids): ふりがな, text size, high contrast. */
    furigana: boolean().notNull().default(false),
    textSize: textSizeEnum().notNull().default('normal'),
    highContrast: boolean().notNull().default(false),
    /** Demo accounts exist only in demo mode; a production start refuses to run beside them. */
    isDemo: boolean().notNull().default(false),
    /** When the person agreed to the privacy notice, and which version of it (APPI). */
    privacyConsentAt: timestamp({ withTimezone: true }),
    privacyNoticeVersion: text(),
    /** Set once the account was anonymised on the person's request; it can no longer sign in. */
    anonymisedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_key')
      .on(t.email)
      .where(sql`${t.email} is not null`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    /** SHA-256 of the session secret; the secret itself is only ever in the cookie. */
    secretHash: bytea().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ...timestamps,
  },
  (t) => [index().on(t.userId)],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
    /** Null: the role is not tied to a district (residents, volunteers, council, admin). */
    districtId: uuid().references(() => districts.id),
    grantedBy: uuid().references(() => users.id),
    ...timestamps,
  },
  (t) => [
    unique('role_assignments_unique').on(t.userId, t.role, t.districtId).nullsNotDistinct(),
    index().on(t.districtId, t.role),
  ],
);
