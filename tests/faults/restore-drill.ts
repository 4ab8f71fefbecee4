import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

export interface TableFigures {
  table: string;
  rows: number;
  checksum: string;
}

export interface RestoreDrill {
  dumpBytes: number;
  dumpMs: number;
  restoreMs: number;
  tables: number;
  rows: number;
  /** Tables whose row count or checksum differs between the original and the restored copy. */
  mismatches: { table: string; original: TableFigures; restored: TableFigures | null }[];
}

/** Row count and md5 of every row's text, in a fixed order, of each table in the database. */
export async function tableFigures(url: string): Promise<TableFigures[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ schema: string; name: string }[]>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`;
    const figures: TableFigures[] = [];
    for (const { schema, name } of tables) {
      const table = `${schema}.${name}`;
      const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
      const [row] = await sql.unsafe<{ rows: number; checksum: string | null }[]>(
        `select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as checksum
         from ${quoted(schema)}.${quoted(name)} t`,
      );
      figures.push({ table, rows: row!.rows, checksum: row!.checksum ?? '' });
    }
    return figures;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The backup and restore drill: pg_dump (custom format) of `sourceUrl`, pg_restore into the empty
 * database `targetUrl`, then every table's row count and checksum compared.
 */
export async function restoreDrill(sourceUrl: string, targetUrl: string): Promise<RestoreDrill> {
  const dir = mkdtempSync(join(tmpdir(), 'sasaeai-faults-dump-'));
  const file = join(dir, 'backup.dump');
  try {
    let started = Date.now();
    await run('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${sourceUrl}`]);
    const dumpMs = Date.now() - started;
    started = Date.now();
    await run('pg_restore', ['--exit-on-error', '--no-owner', `--dbname=${targetUrl}`, file]);
    const restoreMs = Date.now() - started;
    const [original, restored] = await Promise.all([
      tableFigures(sourceUrl),
      tableFigures(targetUrl),
    ]);
    const byTable = new Map(restored.map((figures) => [figures.table, figures]));
    const mismatches = original
      .filter((figures) => {
        const copy = byTable.get(figures.table);
        return !copy || copy.rows !== figures.rows || copy.checksum !== figures.checksum;
      })
      .map((figures) => ({
        table: figures.table,
        original: figures,
        restored: byTable.get(figures.table) ?? null,
      }));
    return {
      dumpBytes: statSync(file).size,
      dumpMs,
      restoreMs,
      tables: original.length,
      rows: original.reduce((sum, figures) => sum + figures.rows, 0),
      mismatches,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
