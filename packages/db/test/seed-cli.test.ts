import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { ensureDatabase } from '../src/ensure-database.ts';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../src/testing.ts';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function seedCli(databaseUrl: string): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(tsx, ['--conditions=@sasaeai/source', 'src/cli/seed.ts'], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

let t: TestDatabase;
/** A database that exists but was never migrated. */
const emptyDb = `sasaeai_t_seedcli_empty_${process.pid}`;

beforeAll(async () => {
  t = await createTestDatabase('seedcli');
});

afterAll(async () => {
  await t?.drop();
  const admin = postgres(`${testServerUrl()}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${emptyDb} with (force)`);
  await admin.end();
});

describe('seed CLI', () => {
  it('prints one progress line per step and a summary', async () => {
    const result = await seedCli(t.url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('seed: districts 20/20');
    expect(result.stdout).toContain('seed: volunteers 200/200');
    expect(result.stdout).toContain('seed: requests 50/50');
    expect(result.stdout).toMatch(/seed: done in \d+\.\d s/);
    expect(result.stdout).toContain('coordinator@demo.sasaeai.jp');
  });

  it('exits non-zero with a plain message when PostgreSQL is unreachable', async () => {
    const result = await seedCli('postgres://postgres@127.0.0.1:1/sasaeai_nowhere');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PostgreSQL is not reachable at 127.0.0.1:1');
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('tells the operator to migrate first when the tables are missing', async () => {
    const url = `${testServerUrl()}/${emptyDb}`;
    await ensureDatabase(url);
    const result = await seedCli(url);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('migrate');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
