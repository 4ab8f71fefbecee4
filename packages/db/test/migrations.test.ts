import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import { PgTable as PgTableClass } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from '../src/schema/index.ts';
import { runMigrations } from '../src/migrate.ts';
import { ensureDatabase } from '../src/ensure-database.ts';
import { testServerUrl } from '../src/testing.ts';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const emptyDb = `sasaeai_t_migrations_${process.pid}`;
const url = `${testServerUrl()}/${emptyDb}`;

afterAll(async () => {
  const admin = postgres(`${testServerUrl()}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${emptyDb} with (force)`);
  await admin.end();
});

const tables: PgTable[] = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
  is(value, PgTableClass),
);

describe('migrations', () => {
  it('apply to an empty database, twice without error', async () => {
    await ensureDatabase(url);
    await runMigrations(url);
    await runMigrations(url);
  });

  it('leave the database exactly as the drizzle schema describes (no drift)', async () => {
    const sql = postgres(url, { max: 1 });
    try {
      const rows = await sql<{ table_name: string; column_name: string; is_nullable: string }[]>`
        select table_name, column_name, is_nullable from information_schema.columns
        where table_schema = 'public'`;
      const actual = new Map<string, string>();
      for (const row of rows) actual.set(`${row.table_name}.${row.column_name}`, row.is_nullable);
      const expected = new Map<string, string>();
      for (const table of tables) {
        const config = getTableConfig(table);
        for (const column of config.columns) {
          const name = column.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
          expected.set(`${config.name}.${name}`, column.notNull ? 'NO' : 'YES');
        }
      }
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
      const [exclusion] = await sql`
        select 1 from pg_constraint where conname = 'matches_no_overlapping_booking'`;
      expect(exclusion).toBeDefined();
    } finally {
      await sql.end();
    }
  });

  it('are complete: drizzle-kit generates nothing new from the schema', async () => {
    const out = mkdtempSync(join(tmpdir(), 'drizzle-drift-'));
    try {
      cpSync(join(packageDir, 'drizzle'), out, { recursive: true });
      const config = join(packageDir, `drizzle.drift-${process.pid}.config.ts`);
      writeFileSync(
        config,
        `export default { dialect: 'postgresql', schema: './src/schema/index.ts', out: ${JSON.stringify(out)}, casing: 'snake_case' };\n`,
      );
      try {
        const before = readdirSync(out).filter((f) => f.endsWith('.sql'));
        const { stdout } = await run('npx', ['drizzle-kit', 'generate', `--config=${config}`], {
          cwd: packageDir,
        });
        const after = readdirSync(out).filter((f) => f.endsWith('.sql'));
        expect(after, stdout).toEqual(before);
      } finally {
        rmSync(config, { force: true });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
