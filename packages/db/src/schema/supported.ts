import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';
import { users } from './users.ts';

/**
 * Supported volunteering: the support worker who introduced a volunteer (their organisation and
 * phone), recorded by a coordinator. Kept apart from `volunteer_profiles` so no profile query can
 * carry it by accident: only the volunteer's district coordinators read it.
 */
export const volunteerIntroductions = pgTable('volunteer_introductions', {
  volunteerId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  organisation: text().notNull(),
  phone: text(),
  recordedBy: uuid().references(() => users.id),
  ...timestamps,
});
