import type { Database } from '@sasaeai/db/client';

/**
 * `build(db)` made once per database and kept while the database is: for prepared statements,
 * whose SQL would otherwise be built again on every request.
 */
export function perDatabase<T>(build: (db: Database) => T): (db: Database) => T {
  const made = new WeakMap<Database, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) made.set(db, (value = build(db)));
    return value;
  };
}
