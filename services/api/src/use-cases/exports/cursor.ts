import type { Database } from '@sasaeai/db/client';

/** Rows read per round trip: small enough to hold, large enough that 100,000 take ~100 trips. */
export const EXPORT_BATCH = 1000;

/**
 * Reads a drizzle query through a postgres.js cursor, a batch at a time, as arrays of values
 * in the order of its select. Timestamps arrive as text (drizzle's setting): format them in SQL.
 */
export async function* cursorRows(
  db: Database,
  query: { toSQL(): { sql: string; params: unknown[] } },
  batch = EXPORT_BATCH,
): AsyncGenerator<unknown[]> {
  const { sql, params } = query.toSQL();
  const pending = db.$client.unsafe(sql, params as never[]).values();
  for await (const rows of pending.cursor(batch)) {
    for (const row of rows) yield row as unknown[];
  }
}
