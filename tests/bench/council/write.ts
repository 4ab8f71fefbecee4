/** Writing the generated city: bulk multi-row INSERTs, and what every generation step is given. */
import type postgres from 'postgres';
import type { Scale } from './config.ts';

/** What each generation step needs: the connection, the seed and scale, the log and the timer. */
export interface StepContext {
  sql: postgres.Sql;
  seed: number;
  scale: Scale;
  log: (line: string) => void;
  /** Records the time since the previous step under `name`. */
  step: (name: string) => void;
}

export type Row = Record<string, postgres.SerializableParameter>;

export async function insertRows(
  sql: postgres.Sql,
  table: string,
  rows: readonly Row[],
  log: (line: string) => void,
  batchSize = 2000,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const size = Math.max(1, Math.min(batchSize, Math.floor(60_000 / columns.length)));
  const started = performance.now();
  let nextReport = rows.length >= 20_000 ? rows.length / 5 : Infinity;
  for (let i = 0; i < rows.length; i += size) {
    // drizzle's postgres.js client leaves dates unserialised: send ISO strings.
    const batch = rows.slice(i, i + size).map((row) => {
      const out: Row = {};
      for (const column of columns) {
        const value = row[column];
        out[column] = value instanceof Date ? value.toISOString() : (value ?? null);
      }
      return out;
    });
    await sql`insert into ${sql(table)} ${sql(batch, columns)}`;
    const done = Math.min(rows.length, i + size);
    if (done >= nextReport && done < rows.length) {
      log(`  ${table} ${done}/${rows.length}`);
      nextReport += rows.length / 5;
    }
  }
  log(`  ${table} ${rows.length}/${rows.length} in ${Math.round(performance.now() - started)} ms`);
}
