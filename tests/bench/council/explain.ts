import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '@sasaeai/db/client';

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * Runs `fn` against a stand-in database that records the SQL it would execute instead of running
 * it, so the plan of exactly what a repository or use case sends can be explained.
 */
export async function captureSql(
  fn: (db: Database) => Promise<unknown>,
): Promise<{ sql: string; params: unknown[] }[]> {
  const captured: { sql: string; params: unknown[] }[] = [];
  const fake = {
    execute: (query: SQL) => {
      const { sql, params } = dialect.sqlToQuery(query);
      captured.push({ sql, params });
      return Promise.resolve(Object.assign([], { count: 0 }));
    },
    transaction: (fn: (tx: unknown) => Promise<unknown>) => fn(fake),
  } as unknown as Database;
  await fn(fake);
  return captured;
}

const migrationsDir = fileURLToPath(new URL('../../../packages/db/drizzle', import.meta.url));

/** Indexes that the council migration (0004) dropped, as they were before it. */
const DROPPED_BY_0004: Record<string, string> = {
  matches_request_id_index: 'create index "matches_request_id_index" on "matches" ("request_id")',
};

/**
 * What the council performance migration (0004) changed: the indexes it created (to drop for a
 * "before" plan) and the statements that recreate the ones it dropped.
 */
export function councilMigrationIndexes(): { created: string[]; recreate: string[] } {
  const file = readdirSync(migrationsDir).find((name) => /^0004_.*\.sql$/.test(name));
  if (!file) return { created: [], recreate: [] };
  const text = readFileSync(`${migrationsDir}/${file}`, 'utf8');
  const created = [...text.matchAll(/CREATE INDEX (?:IF NOT EXISTS )?"([^"]+)"/gi)].map(
    (m) => m[1]!,
  );
  const dropped = [...text.matchAll(/DROP INDEX (?:IF EXISTS )?"([^"]+)"/gi)].map((m) => m[1]!);
  return {
    created,
    recreate: dropped.flatMap((name) => (DROPPED_BY_0004[name] ? [DROPPED_BY_0004[name]] : [])),
  };
}

/** The schema as it was before migration 0004, inside a transaction that will be rolled back. */
export interface IndexChange {
  created: readonly string[];
  recreate: readonly string[];
}

export interface Plan {
  executionMs: number;
  planningMs: number;
  /** CPU time of the PostgreSQL backend for the EXPLAIN ANALYZE (10 ms ticks; Linux only). */
  backendCpuMs: number | null;
  text: string[];
}

function backendCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

class Rollback extends Error {}

type Statement = { sql: string; params: unknown[] };

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the last of `statements`, after running the ones before it (the
 * session settings a use case makes) in the same transaction. `undo` puts the indexes back as
 * they were before migration 0004 in that transaction, which is rolled back afterwards.
 */
export async function explain(
  sql: postgres.Sql,
  statements: readonly Statement[],
  undo: IndexChange = { created: [], recreate: [] },
): Promise<Plan> {
  const query = statements.at(-1);
  if (!query) throw new Error('nothing to explain');
  let lines: string[] = [];
  let cpu: number | null = null;
  try {
    await sql.begin(async (tx) => {
      const [{ pid } = { pid: 0 }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      for (const name of undo.created) await tx.unsafe(`drop index if exists "${name}"`);
      for (const statement of undo.recreate) await tx.unsafe(statement);
      for (const statement of statements.slice(0, -1)) {
        await tx.unsafe(statement.sql, statement.params as postgres.ParameterOrJSON<never>[]);
      }
      const cpuBefore = backendCpuMs(pid);
      const rows = await tx.unsafe<{ 'QUERY PLAN': string }[]>(
        `explain (analyze, buffers, format text) ${query.sql}`,
        query.params as postgres.ParameterOrJSON<never>[],
      );
      const cpuAfter = backendCpuMs(pid);
      cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
      lines = rows.map((row) => row['QUERY PLAN']);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  const grab = (label: string) => {
    const line = lines.find((l) => l.startsWith(label));
    return line ? Number(/([\d.]+) ms/.exec(line)?.[1] ?? Number.NaN) : Number.NaN;
  };
  return {
    executionMs: grab('Execution Time'),
    planningMs: grab('Planning Time'),
    backendCpuMs: cpu,
    text: lines,
  };
}
