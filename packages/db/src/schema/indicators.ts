import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { users } from './users.ts';

/**
 * The welfare plan's outcome (成果目標) and evaluation (評価指標) indicators, as the plan prints
 * them. A baseline or target is either a number (`*_value`) or a word such as 実施 / 継続
 * (`*_text`); `target_kind` says how the target reads: `number`, `increase` (↗, no number set)
 * or `continue` (継続). `measured_by = 'system'` indicators are computed live from the app's
 * own data; `manual` ones are entered by staff each fiscal year (indicator_values).
 */
export const planIndicators = pgTable(
  'plan_indicators',
  {
    id: id(),
    code: text().notNull().unique(),
    /** Vision (基本目標) 1–4 and concept (施策の方向性) within it; null concept = the outcome. */
    vision: smallint().notNull(),
    concept: smallint(),
    kind: text().notNull(),
    owner: text().notNull(),
    name: text().notNull(),
    /** The name on English pages: the plan's wording translated (seeded, like the name). */
    nameEn: text().notNull(),
    unit: text(),
    baselineValue: numeric({ mode: 'number' }),
    baselineText: text(),
    baselineFy: integer(),
    baselineNote: text(),
    /** The notes on English pages (the plan's 令和4年度末 → End of FY2022); null: no note. */
    baselineNoteEn: text(),
    targetKind: text().notNull(),
    targetValue: numeric({ mode: 'number' }),
    targetText: text(),
    targetFy: integer().notNull(),
    targetNote: text(),
    targetNoteEn: text(),
    measuredBy: text().notNull(),
    sortOrder: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    check('plan_indicator_name_en_length', sql`char_length(${t.nameEn}) between 1 and 400`),
    check('plan_indicator_kind', sql`${t.kind} in ('outcome', 'indicator')`),
    check('plan_indicator_target_kind', sql`${t.targetKind} in ('number', 'increase', 'continue')`),
    check('plan_indicator_measured_by', sql`${t.measuredBy} in ('system', 'manual')`),
    check(
      'plan_indicator_number_target',
      sql`${t.targetKind} <> 'number' or ${t.targetValue} is not null`,
    ),
  ],
);

/**
 * Staff-entered yearly values. Append-only: a correction inserts a new row and the latest row
 * (by created_at, then id) for an indicator and fiscal year wins; older rows stay as history.
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: id(),
    indicatorId: uuid()
      .notNull()
      .references(() => planIndicators.id, { onDelete: 'cascade' }),
    fiscalYear: integer().notNull(),
    value: numeric({ mode: 'number' }),
    valueText: text(),
    note: text(),
    enteredBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.indicatorId, t.fiscalYear, t.createdAt),
    check('indicator_value_present', sql`${t.value} is not null or ${t.valueText} is not null`),
    check('indicator_value_fy', sql`${t.fiscalYear} between 2000 and 2100`),
    // Finite and within what the API accepts: NaN and ±Infinity (which numeric can hold) could
    // never be answered as JSON, so one such row would break every indicator page.
    check('indicator_value_range', sql`abs(${t.value}) < 1000000000000`),
  ],
);
