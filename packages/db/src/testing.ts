import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb } from './client.ts';
import { ensureDatabase } from './ensure-database.ts';
import { runMigrations } from './migrate.ts';

/** Test-only helpers: a migrated template database, cloned once per test file. */

/**
 * The template's name is per test run (set by the global setup), so two runs on one machine —
 * CI beside a developer, or two terminals — never drop each other's template.
 */
export function templateDatabaseName(): string {
  return process.env.SASAEAI_TEST_TEMPLATE ?? 'sasaeai_test_template';
}

export function testServerUrl(): string {
  return process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
}

function urlFor(database: string): string {
  return `${testServerUrl()}/${database}`;
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Drops and rebuilds the template from the committed migrations (vitest globalSetup). */
export async function prepareTemplateDatabase(name = templateDatabaseName()): Promise<void> {
  await dropDatabase(name);
  await ensureDatabase(urlFor(name));
  await runMigrations(urlFor(name));
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin(async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
  });
}

export interface TestDatabase {
  url: string;
  name: string;
  db: ReturnType<typeof createDb>['db'];
  sql: ReturnType<typeof createDb>['sql'];
  /** Closes the pool and drops the database. */
  drop: () => Promise<void>;
}

/** A fresh, migrated database of its own for one test file, so files can run in parallel. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `sasaeai_t_${label
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 20)
    .toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (sql) => {
    await sql.unsafe(`create database ${name} template ${templateDatabaseName()}`);
  });
  const url = urlFor(name);
  const { db, sql, close } = createDb({ url, max: 5, applicationName: `test-${label}` });
  return {
    url,
    name,
    db,
    sql,
    drop: async () => {
      await close();
      await withAdmin(async (admin) => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

/** A unique prefix for BullMQ queues and Redis keys, so test files never share state. */
export function uniqueRedisPrefix(label = 'test'): string {
  return `t-${label}-${randomBytes(4).toString('hex')}`;
}
