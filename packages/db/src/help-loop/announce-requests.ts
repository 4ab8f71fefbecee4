import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { auditEvents, helpRequests } from '../schema/index.ts';
import { outboxInsertFrom } from './outbox.ts';

/** A CTE that inserts help requests and returns their rows. */
export function insertedRequestsCte(db: DbOrTx, values: (typeof helpRequests.$inferInsert)[]) {
  return db.$with('inserted').as(db.insert(helpRequests).values(values).returning());
}
export type InsertedRequests = ReturnType<typeof insertedRequestsCte>;

/**
 * Selects the requests an `inserted` CTE wrote while their audit events and outbox rows
 * (`help_request.created`, ids only) are written beside, in one statement: atomic without a
 * transaction's extra round trips. Every help request is created through here — a resident's,
 * a snowfall's and a weekly routine's — so each reaches matching through the outbox alike.
 */
export function announceRequests(db: DbOrTx, inserted: InsertedRequests, details: SQL) {
  const audited = db.$with('audited', { id: sql<string>`id` }).as(
    sql`insert into ${auditEvents} (actor_id, action, subject_type, subject_id, district_id, details)
        select created_by, 'help_request.created', 'help_request', id::text, district_id, ${details}
        from ${inserted} returning id`,
  );
  const queued = db.$with('queued', { id: sql<string>`id` }).as(
    outboxInsertFrom('help_request.created', inserted, {
      requestId: sql`id`,
      districtId: sql`district_id`,
    }),
  );
  return db.with(inserted, audited, queued).select().from(inserted);
}
