import { sql } from 'drizzle-orm';
import { check, date, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { concernNoteKinds, referralStatuses, referralTargets } from '@sasaeai/contracts';
import { id, timestamps } from './columns.ts';
import { districts } from './districts.ts';
import { concerns } from './help-loop.ts';
import { users } from './users.ts';

export const concernNoteKindEnum = pgEnum('concern_note_kind', concernNoteKinds);
export const referralTargetEnum = pgEnum('referral_target', referralTargets);
export const referralStatusEnum = pgEnum('referral_status', referralStatuses);

/**
 * A case's timeline: what the coordinator or 民生委員 learnt or did. Append-only. A
 * `consultation` is a 相談 the coordinator received and counts toward plan indicator V3-1-b.
 */
export const concernNotes = pgTable(
  'concern_notes',
  {
    id: id(),
    concernId: uuid()
      .notNull()
      .references(() => concerns.id, { onDelete: 'cascade' }),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    kind: concernNoteKindEnum().notNull().default('note'),
    /** May describe the resident's condition: shown only to those who may read the case. */
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.concernId, t.createdAt),
    index().on(t.kind, t.createdAt),
    check('concern_note_length', sql`length(${t.body}) between 1 and 2000`),
  ],
);

/** つなぎ: the case handed to 地域包括支援センター, a 民生委員, the family or someone else. */
export const concernReferrals = pgTable(
  'concern_referrals',
  {
    id: id(),
    concernId: uuid()
      .notNull()
      .references(() => concerns.id, { onDelete: 'cascade' }),
    target: referralTargetEnum().notNull(),
    status: referralStatusEnum().notNull().default('proposed'),
    note: text(),
    followUpOn: date({ mode: 'string' }),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    ...timestamps,
  },
  (t) => [index().on(t.concernId)],
);

/**
 * A 相談 a district coordinator received outside any case (a neighbour's call, a visit to the
 * centre). Counts toward plan indicator V3-1-b with the cases and their consultation notes.
 */
export const consultations = pgTable(
  'consultations',
  {
    id: id(),
    districtId: uuid()
      .notNull()
      .references(() => districts.id),
    recordedBy: uuid()
      .notNull()
      .references(() => users.id),
    summary: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.createdAt),
    check('consultation_summary_length', sql`length(${t.summary}) between 1 and 500`),
  ],
);
