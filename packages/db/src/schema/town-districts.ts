import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { districts } from './districts.ts';
import { users } from './users.ts';

export const townSources = ['seed', 'import', 'manual'] as const;
export type TownSource = (typeof townSources)[number];

/**
 * Which district an Asahikawa town (町名) belongs to: the data districtForAddress (core) matches
 * addresses against. Council staff edit it (/council/towns, CSV import); the seed starts it.
 */
export const townDistricts = pgTable(
  'town_districts',
  {
    /** As written in addresses, without 条・丁目 (「永山」, 「宮下通」, 「江丹別町」). */
    town: text().primaryKey(),
    /** Reading in hiragana, for sorting and search. */
    kana: text().notNull().default(''),
    districtId: uuid()
      .notNull()
      .references(() => districts.id),
    /** The name counts only when 「N条」 follows (「東」 is also the start of 東神楽町). */
    needsJo: boolean().notNull().default(false),
    source: text().$type<TownSource>().notNull().default('seed'),
    updatedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index().on(t.districtId),
    check('town_districts_source', sql`${t.source} in ('seed', 'import', 'manual')`),
    check('town_districts_town_length', sql`char_length(${t.town}) between 1 and 40`),
  ],
);
