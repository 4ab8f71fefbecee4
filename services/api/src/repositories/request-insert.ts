import { sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '@sasaeai/db/client';
import { announceRequests, insertedRequestsCte } from '@sasaeai/db/help-loop';
import { helpRequests } from '@sasaeai/db/schema';
import type { RequestRow } from './help-request-views.ts';
import { perDatabase } from './per-database.ts';

const fields = [
  'residentId',
  'createdBy',
  'viaProxy',
  'districtId',
  'category',
  'address',
  'windowStart',
  'windowEnd',
  'asSoonAsPossible',
  'peopleNeeded',
  'urgency',
  'notes',
  'sensitiveNotes',
  'sensitiveConsentAt',
  'idempotencyKey',
] as const;

export type NewRequest = Required<Pick<typeof helpRequests.$inferInsert, (typeof fields)[number]>>;
/** What a snow occurrence carries besides a request's ordinary fields. */
export type SnowOccurrence = Required<
  Pick<typeof helpRequests.$inferInsert, 'recurrence' | 'winterRegistrationId' | 'snowEventId'>
>;
export interface CreationDetails {
  viaProxy: boolean;
  category: string;
  /** Set when a snowfall expanded a winter registration into this request. */
  snowEventId?: string;
}

/**
 * The request, its audit event and its outbox row in one statement: atomic without a
 * transaction's extra round trips, which matters when a snowy night brings thousands at once.
 */
function statement(
  db: DbOrTx,
  values: {
    [K in keyof NewRequest]: NewRequest[K] | SQL | ReturnType<typeof sql.placeholder>;
  },
  details: SQL,
) {
  return announced(db, insertedCte(db, [values as NewRequest]), details);
}

const insertedCte = (db: DbOrTx, values: NewRequest[]) => insertedRequestsCte(db, values);
const announced = announceRequests;

function buildPrepared(db: Database) {
  const placeholders = {
    ...Object.fromEntries(fields.map((field) => [field, sql.placeholder(field)])),
    // drizzle's timestamp encoder does not take null: this one is sent as text and cast.
    sensitiveConsentAt: sql`${sql.placeholder('sensitiveConsentAt')}::timestamptz`,
  };
  return statement(
    db,
    placeholders as Parameters<typeof statement>[1],
    sql`${sql.placeholder('details')}::jsonb`,
  ).prepare('insert_help_request');
}

// Prepared once per database: building this statement's SQL on every request was a measurable
// share of the API's CPU in the snowstorm benchmark.
const prepared = perDatabase(buildPrepared);

export async function insertRequest(
  db: Database,
  values: NewRequest,
  details: CreationDetails,
): Promise<RequestRow> {
  const [row] = await prepared(db).execute({
    ...values,
    sensitiveConsentAt: values.sensitiveConsentAt?.toISOString() ?? null,
    details: JSON.stringify(details),
  });
  return row!;
}

/**
 * Several snow occurrences at once, in the caller's transaction and through the same statement.
 * A registration already expanded for the event is skipped (its unique index), so a second
 * declaration of the same snowfall creates nothing twice. Returns only the rows written.
 */
export async function insertSnowOccurrencesIn(
  tx: DbOrTx,
  values: (NewRequest & SnowOccurrence)[],
  details: CreationDetails,
): Promise<RequestRow[]> {
  if (values.length === 0) return [];
  const inserted = tx.$with('inserted').as(
    tx
      .insert(helpRequests)
      .values(values)
      .onConflictDoNothing({
        target: [helpRequests.winterRegistrationId, helpRequests.snowEventId],
        where: sql`${helpRequests.winterRegistrationId} is not null`,
      })
      .returning(),
  );
  return announced(tx, inserted, sql`${JSON.stringify(details)}::jsonb`);
}

/** The same, inside a transaction that also writes something else first. */
export async function insertRequestIn(
  tx: DbOrTx,
  values: NewRequest,
  details: CreationDetails,
): Promise<RequestRow> {
  const [row] = await statement(tx, values, sql`${JSON.stringify(details)}::jsonb`);
  return row!;
}
