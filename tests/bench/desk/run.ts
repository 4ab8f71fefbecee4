/**
 * The coordinator desk at city-year scale (issue 12): list, filter, search and page the requests
 * of the bench coordinator's three districts and of the whole city (an admin), on the database
 * the council bench generates (100,000 requests, 53 districts). Prints p50/p95 per query shape
 * (the whole use case: the count and the page) and the plan of each page query, with and without
 * the desk's indexes (migration 0012); then a bulk approval of `--bulk` proposals (300: a snowy
 * morning) on a copy of the city. Writes JSON (figures, machine) to bench/results/.
 *
 *   pnpm exec tsx --conditions=@sasaeai/source tests/bench/council/generate.ts --database sasaeai_desk_bench   (once)
 *   pnpm bench:desk [--database sasaeai_desk_bench] [--runs 30] [--plans]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/postgres-js';
import { inArray } from 'drizzle-orm';
import postgres from 'postgres';
import * as schema from '@sasaeai/db/schema';
import type { DeskRequestQuery } from '@sasaeai/contracts';
import {
  listDeskRequests,
  type DeskScope,
} from '../../../services/api/src/use-cases/desk/list-desk-requests.ts';
import { explain } from '../council/explain.ts';
import { COORDINATOR_DISTRICTS } from '../council/config.ts';
import { databaseUrl } from '../council/database.ts';
import { machineFacts, writeBenchResult } from '../results.ts';
import { measureBulkApprove } from './bulk-approve.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'sasaeai_desk_bench' },
    runs: { type: 'string', default: '30' },
    plans: { type: 'boolean', default: false },
    bulk: { type: 'string', default: '300' },
  },
});
const runs = Number(values.runs);

/** The indexes the desk migration creates, to drop for a "before" plan. */
function deskMigrationIndexes(): string[] {
  const dir = fileURLToPath(new URL('../../../packages/db/drizzle', import.meta.url));
  const file = readdirSync(dir).find((name) => /_desk_.*\.sql$/.test(name));
  if (!file) return [];
  const text = readFileSync(`${dir}/${file}`, 'utf8');
  return [...text.matchAll(/CREATE INDEX (?:IF NOT EXISTS )?"([^"]+)"/gi)].map((m) => m[1]!);
}

const captured: { sql: string; params: unknown[] }[] = [];
const sql = postgres(databaseUrl(values.database), { max: 2, onnotice: () => {} });
const db = drizzle(sql, {
  schema,
  casing: 'snake_case',
  logger: { logQuery: (query, params) => captured.push({ sql: query, params }) },
});

const own = await db
  .select({ id: schema.districts.id })
  .from(schema.districts)
  .where(inArray(schema.districts.code, [...COORDINATOR_DISTRICTS]));
const coordinator: DeskScope = { kind: 'districts', ids: own.map((d) => d.id) };
const admin: DeskScope = { kind: 'all' };

const cases: { name: string; scope: DeskScope; query: DeskRequestQuery }[] = [
  { name: 'coordinator: newest window first', scope: coordinator, query: {} },
  { name: 'coordinator: last page', scope: coordinator, query: { page: 194 } },
  {
    name: 'coordinator: unmatched, longest waiting',
    scope: coordinator,
    query: { status: 'unmatched', sort: 'waiting' },
  },
  {
    name: 'coordinator: snow in January',
    scope: coordinator,
    query: { category: 'snow', from: '2026-01-01', to: '2026-01-31' },
  },
  { name: 'coordinator: search name', scope: coordinator, query: { q: '利用者 12' } },
  { name: 'coordinator: search phone', scope: coordinator, query: { q: '0166-73' } },
  { name: 'admin: newest window first', scope: admin, query: {} },
  { name: 'admin: page 1,000 by status', scope: admin, query: { sort: 'status', page: 1000 } },
  { name: 'admin: last page', scope: admin, query: { page: 2000 } },
  { name: 'admin: search name', scope: admin, query: { q: '利用者 123' } },
  { name: 'admin: search phone', scope: admin, query: { q: '2673' } },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const log = (line: string) => console.log(line);
const queries: { name: string; rows: number; total: number; p50Ms: number; p95Ms: number }[] = [];
console.log(`| query | rows | total | p50 ms | p95 ms |\n|---|---:|---:|---:|---:|`);
const plans: { name: string; statement: { sql: string; params: unknown[] } }[] = [];
for (const c of cases) {
  let result = await listDeskRequests(db, c.scope, c.query);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    captured.length = 0;
    const started = performance.now();
    result = await listDeskRequests(db, c.scope, c.query);
    times.push(performance.now() - started);
  }
  // The page query (the one with a limit); a search's resident lookup comes before it.
  plans.push({ name: c.name, statement: captured.find((q) => / limit /i.test(q.sql))! });
  const residents = captured.find((q) => q.sql.includes('from "resident_profiles"'));
  if (residents) plans.push({ name: `${c.name} (residents)`, statement: residents });
  times.sort((a, b) => a - b);
  queries.push({
    name: c.name,
    rows: result.rows.length,
    total: result.total,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
  });
  console.log(
    `| ${c.name} | ${result.rows.length} | ${result.total} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`,
  );
}

if (values.plans) {
  const created = deskMigrationIndexes();
  for (const { name, statement } of plans) {
    const after = await explain(sql, [statement]);
    const before = await explain(sql, [statement], { created, recreate: [] });
    console.log(
      `\n### ${name}\nwithout desk indexes: ${before.executionMs} ms; with: ${after.executionMs} ms`,
    );
    console.log(after.text.join('\n'));
  }
}
await sql.end({ timeout: 5 });

// The copy needs the bench database free of connections, so it comes after the queries.
const bulk = await measureBulkApprove({
  template: values.database,
  count: Number(values.bulk),
  districtCodes: COORDINATOR_DISTRICTS,
  log,
});
log(
  `bulk approve: ${bulk.approved} of ${bulk.proposals} approved (${bulk.failed} refused) in ` +
    `${Math.round(bulk.totalMs)} ms, ${bulk.perProposalMs.toFixed(1)} ms per proposal`,
);
const file = writeBenchResult('desk', {
  when: new Date().toISOString(),
  database: values.database,
  runs,
  machine: machineFacts(),
  queries,
  bulkApprove: bulk,
});
log(`written ${file}`);
