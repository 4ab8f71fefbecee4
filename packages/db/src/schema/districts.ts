import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { centreStatusEnum } from './enums.ts';

export const districts = pgTable(
  'districts',
  {
    id: id(),
    code: text().notNull().unique(),
    name: text().notNull(),
    /** The name in English pages: Hepburn as the city writes it, without macrons (中央 → Chuo). */
    nameEn: text().notNull(),
    kana: text().notNull(),
    lat: doublePrecision().notNull(),
    lon: doublePrecision().notNull(),
    ...timestamps,
  },
  (t) => [check('district_name_en_length', sql`char_length(${t.nameEn}) between 1 and 80`)],
);

export const districtNeighbours = pgTable(
  'district_neighbours',
  {
    districtId: uuid()
      .notNull()
      .references(() => districts.id, { onDelete: 'cascade' }),
    neighbourId: uuid()
      .notNull()
      .references(() => districts.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.districtId, t.neighbourId] })],
);

export const volunteerCentres = pgTable(
  'volunteer_centres',
  {
    id: id(),
    districtId: uuid()
      .notNull()
      .references(() => districts.id),
    name: text().notNull(),
    /** The name on English pages (中央地区ボランティアセンター → Chuo District Volunteer Centre). */
    nameEn: text().notNull(),
    /** The centre's public phone, printed on notices to residents (not a person's number). */
    phone: text(),
    /** Opening hours as the centre words them (e.g. 「平日 9時〜17時」), Japanese and English. */
    hoursJa: text(),
    hoursEn: text(),
    status: centreStatusEnum().notNull().default('planned'),
    openedOn: date(),
    closedOn: date(),
    ...timestamps,
  },
  (t) => [
    index().on(t.districtId),
    check(
      'volunteer_centre_hours_length',
      sql`char_length(${t.hoursJa}) <= 200 and char_length(${t.hoursEn}) <= 200`,
    ),
    check('volunteer_centre_name_en_length', sql`char_length(${t.nameEn}) between 1 and 80`),
    check('volunteer_centre_phone_format', sql`${t.phone} ~ '^[0-9-]{1,20}$'`),
  ],
);
