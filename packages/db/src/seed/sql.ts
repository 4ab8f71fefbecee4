import { sql, type SQL } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * `set` for a bulk `onConflictDoUpdate`: each listed column takes the value that was proposed
 * for insertion (`excluded.<column>`). Keys are checked against the table's insert type.
 */
export function fromExcluded<T extends PgTable>(
  _table: T,
  keys: readonly (keyof T['$inferInsert'] & string)[],
): Record<string, SQL> {
  return Object.fromEntries(keys.map((key) => [key, sql.raw(`excluded."${toSnakeCase(key)}"`)]));
}

/** Splits rows into batches, for progress lines and bounded statement sizes. */
export function chunk<T>(rows: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
  return batches;
}
