/**
 * The council dashboard benchmark (issue 5, "Scale"): a city-scale fiscal year (100,000 help
 * requests, 5,000 volunteers, 53 districts; see city.ts) and every dashboard page's API
 * calls timed through the real API (Fastify, sessions, zod serialisation, PostgreSQL), as a
 * council staff member and as a coordinator. Target: p95 under 200 ms per page.
 *
 *   pnpm bench:council            # generate once per seed (reused after), 30 warm runs per page
 *   pnpm bench:council --quick    # 2,000 requests in a throw-away database, well under a minute
 *
 * Also explains (ANALYZE, BUFFERS) the dashboard's SQL as it was before the performance work
 * (the original repository query, without migration 0004's indexes) and as it is now. Prints a
 * table and writes JSON (figures, plans, seed, machine) to bench/results/.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { buildApp } from '@sasaeai/api';
import { createDb } from '@sasaeai/db';
import { dropDatabase, testServerUrl } from '@sasaeai/db/testing';
import { loadApiEnv } from '../../../services/api/src/env.ts';
import { machineFacts, writeBenchResult } from '../results.ts';
import { fiscalYearBounds } from '../../../packages/core/src/fiscal-year.ts';
import { countVolunteersAt } from '../../../services/api/src/repositories/council/council-queries.ts';
import { activityByDistrictMonth } from './original-activity-query.ts';
import {
  activityReport,
  publicSummary,
} from '../../../services/api/src/use-cases/council/activity.ts';
import {
  activityRows,
  activitySummaryRows,
  activitySummaryRowsSideBySide,
} from '../../../services/api/src/repositories/council/activity-query.ts';
import { captureSql, councilMigrationIndexes, explain, type Plan } from './explain.ts';
import {
  BENCH_ACCOUNTS,
  BENCH_PASSWORD,
  COORDINATOR_DISTRICTS,
  DEFAULT_SEED,
  FISCAL_YEAR,
  SCALES,
  type GenerateResult,
} from './config.ts';
import { FULL_DATABASE, databaseUrl, ensureGenerated } from './database.ts';

export const TARGET_P95_MS = 200;

export interface PageCall {
  as: 'council' | 'coordinator' | 'public';
  path: string;
}

export interface Page {
  name: string;
  calls: PageCall[];
}

const fy = `fiscalYear=${FISCAL_YEAR}`;

/** Every dashboard page and the API calls it makes. */
export const PAGES: readonly Page[] = [
  { name: 'indicators', calls: [{ as: 'council', path: '/api/council/indicators' }] },
  {
    name: 'indicator history (system)',
    calls: [{ as: 'council', path: '/api/council/indicators/V2-2-b-individual/history' }],
  },
  {
    name: 'indicator history (manual)',
    calls: [{ as: 'council', path: '/api/council/indicators/V1-OUT/history' }],
  },
  { name: 'activity: city', calls: [{ as: 'council', path: `/api/council/activity?${fy}` }] },
  {
    name: 'activity: district',
    calls: [{ as: 'council', path: `/api/council/activity?${fy}&district=nagayama` }],
  },
  {
    name: 'activity: category',
    calls: [{ as: 'council', path: `/api/council/activity?${fy}&category=snow` }],
  },
  {
    name: 'activity: district + category',
    calls: [
      { as: 'council', path: `/api/council/activity?${fy}&district=toyooka&category=weeding` },
    ],
  },
  {
    name: 'activity: coordinator (own 3)',
    calls: [{ as: 'coordinator', path: `/api/council/activity?${fy}` }],
  },
  {
    name: 'activity.csv: city',
    calls: [{ as: 'council', path: `/api/council/activity.csv?${fy}` }],
  },
  { name: 'public summary', calls: [{ as: 'public', path: '/api/council/public/summary' }] },
  { name: 'centres', calls: [{ as: 'council', path: '/api/council/centres' }] },
];

export interface PageFigures {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
  bytes: number;
  /**
   * Mean CPU time per page load: PostgreSQL (the API's backends) and this process (API and bench
   * client). Unlike the wall-clock figures, it hardly depends on what else the machine runs.
   */
  cpuMs?: { postgres: number; node: number };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function figuresOf(
  name: string,
  samples: readonly number[],
  bytes: number,
  cpu?: { postgres: number[]; node: number[] },
): PageFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = (values: readonly number[]) =>
    round(values.reduce((s, v) => s + v, 0) / Math.max(1, values.length));
  return {
    ...(cpu ? { cpuMs: { postgres: mean(cpu.postgres), node: mean(cpu.node) } } : {}),
    name,
    runs: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length)),
    bytes,
  };
}

export interface RunningApi {
  app: Awaited<ReturnType<typeof buildApp>>;
  url: string;
  cookies: Record<PageCall['as'], string>;
  close: () => Promise<void>;
}

/** The real API app listening on a free port, with council staff and coordinator sessions. */
export async function startApi(
  databaseName: string,
  server = testServerUrl(),
): Promise<RunningApi> {
  const prefix = `bench-council-${String(process.pid)}-${String(Date.now())}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const config = loadApiEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl(databaseName, server),
    REDIS_PREFIX: prefix,
    REDIS_URL: redisUrl,
    // The dashboard's figures, not overload: the API shares this busy process (the generator,
    // the test runner), whose event loop runs late by design.
    ADMISSION_MAX_WAIT_MS: '30000',
    ADMISSION_MAX_EVENT_LOOP_DELAY_MS: '0',
  });
  const app = await buildApp({ config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  const url = `http://127.0.0.1:${String(port)}`;
  const logIn = async (email: string) => {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email, password: BENCH_PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login ${email}: ${await response.text()}`);
    const cookie = /sasaeai_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error(`login ${email}: no session cookie`);
    return cookie;
  };
  const cookies = {
    council: await logIn(BENCH_ACCOUNTS.council),
    coordinator: await logIn(BENCH_ACCOUNTS.coordinator),
    public: '',
  };
  const close = async () => {
    await app.close();
    // The log-ins left rate-limit counters under this run's prefix.
    const redis = new Redis(redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  };
  return { app, url, cookies, close };
}

/** One call; throws unless it answers 200. Returns the body (JSON parsed, or text). */
export async function call(api: RunningApi, pageCall: PageCall) {
  const response = await fetch(`${api.url}${pageCall.path}`, {
    headers: pageCall.as === 'public' ? {} : { cookie: api.cookies[pageCall.as] },
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`${pageCall.path} as ${pageCall.as}: ${response.status} ${text.slice(0, 300)}`);
  }
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return { body: json ? (JSON.parse(text) as unknown) : text, bytes: Buffer.byteLength(text) };
}

/** Reads the CPU time of the API's PostgreSQL backends (Linux /proc) and of this process. */
export function cpuSampler(databaseName: string, server = testServerUrl()) {
  const { sql, close } = createDb({ url: databaseUrl('postgres', server), max: 1 });
  const ticksOf = (pid: number) => {
    try {
      const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
        .split(') ')[1]!
        .split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, 100 Hz ticks
    } catch {
      return 0;
    }
  };
  interface CpuSample {
    backends: Map<number, number>;
    node: NodeJS.CpuUsage;
  }
  return {
    async sample(): Promise<CpuSample> {
      const rows = await sql<{ pid: number }[]>`
        select pid from pg_stat_activity where datname = ${databaseName} and backend_type = 'client backend'`;
      return {
        backends: new Map(rows.map((r) => [r.pid, ticksOf(r.pid)])),
        node: process.cpuUsage(),
      };
    },
    /** CPU ms since `before` (backends that appeared since count from their start). */
    async since(before: CpuSample) {
      const node = process.cpuUsage(before.node);
      let postgres = 0;
      for (const [pid, ms] of before.backends) postgres += ticksOf(pid) - ms;
      const rows = await sql<{ pid: number }[]>`
        select pid from pg_stat_activity where datname = ${databaseName} and backend_type = 'client backend'`;
      for (const { pid } of rows) if (!before.backends.has(pid)) postgres += ticksOf(pid);
      return { postgres, node: (node.user + node.system) / 1000 };
    },
    close,
  };
}

/**
 * Times each page `runs` times after `warmup` untimed rounds. Pages are interleaved round by
 * round, so a burst of load from elsewhere on the machine spreads over every page.
 */
export async function timePages(
  api: RunningApi,
  pages: readonly Page[],
  { runs, warmup }: { runs: number; warmup: number },
  log: (line: string) => void = () => {},
  sampler?: ReturnType<typeof cpuSampler>,
): Promise<PageFigures[]> {
  const samples = new Map<string, number[]>(pages.map((p) => [p.name, []]));
  const cpu = new Map(
    pages.map((p) => [p.name, { postgres: [] as number[], node: [] as number[] }]),
  );
  const bytes = new Map<string, number>();
  for (let round_ = 0; round_ < warmup + runs; round_++) {
    for (const page of pages) {
      const before = round_ >= warmup ? await sampler?.sample() : undefined;
      const started = performance.now();
      let size = 0;
      for (const pageCall of page.calls) size += (await call(api, pageCall)).bytes;
      const ms = performance.now() - started;
      if (round_ >= warmup) samples.get(page.name)!.push(ms);
      if (before && sampler) {
        const used = await sampler.since(before);
        cpu.get(page.name)!.postgres.push(used.postgres);
        cpu.get(page.name)!.node.push(used.node);
      }
      bytes.set(page.name, size);
    }
    if (round_ === warmup - 1) log(`warm-up done (${warmup} rounds)`);
    else if (round_ >= warmup && (round_ - warmup + 1) % 10 === 0) {
      log(`  ${round_ - warmup + 1}/${runs} rounds`);
    }
  }
  return pages.map((p) =>
    figuresOf(
      p.name,
      samples.get(p.name)!,
      bytes.get(p.name) ?? 0,
      sampler ? cpu.get(p.name) : undefined,
    ),
  );
}

/** A council staff member's page against the use case itself (no HTTP), when the API cannot. */
async function timeDirect(name: string, fn: () => Promise<unknown>, runs: number, warmup: number) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return figuresOf(name, samples, 0);
}

export interface ExplainedQuery {
  name: string;
  before: Plan;
  after: Plan;
}

/** The dashboard's heaviest SQL, before (original query, no 0004 indexes) and after. */
export async function explainDashboard(databaseName: string, server = testServerUrl()) {
  const { sql, close } = createDb({ url: databaseUrl(databaseName, server), max: 1 });
  try {
    const districts = await sql<{ id: string; code: string }[]>`select id, code from districts`;
    const idOf = new Map(districts.map((d) => [d.code, d.id]));
    const { start, end } = fiscalYearBounds(FISCAL_YEAR);
    const added = councilMigrationIndexes();
    const scenarios = [
      { name: 'activity: city', districtIds: null, category: null },
      { name: 'activity: district', districtIds: [idOf.get('nagayama')!], category: null },
      { name: 'activity: category', districtIds: null, category: 'snow' as const },
      {
        name: 'activity: coordinator (own 3)',
        districtIds: COORDINATOR_DISTRICTS.map((code) => idOf.get(code)!),
        category: null,
      },
    ];
    const explained: ExplainedQuery[] = [];
    for (const scenario of scenarios) {
      const filter = { start, end, districtIds: scenario.districtIds, category: scenario.category };
      const original = await captureSql((fake) => activityByDistrictMonth(fake, filter));
      // What the API runs (after bringing the facts up to date): the summary over the facts.
      const current = await captureSql((fake) => activitySummaryRows(fake, filter));
      const before = await explain(sql, original, added);
      const after = await explain(sql, current);
      explained.push({ name: scenario.name, before, after });
    }
    const volunteers = await captureSql((fake) => countVolunteersAt(fake, new Date()));
    explained.push({
      name: 'volunteers registered at an instant (indicators)',
      before: await explain(sql, volunteers, added),
      after: await explain(sql, volunteers),
    });
    return { indexChanges: added, queries: explained };
  } finally {
    await close();
  }
}

/** Jiffies of all CPUs from /proc/stat (Linux): busy and total, to tell how loaded the machine was. */
function cpuTimes(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((s, v) => s + v, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Share of every CPU that was busy between two readings (this benchmark included), 0–1. */
function busyShare(from: ReturnType<typeof cpuTimes>, to: ReturnType<typeof cpuTimes>) {
  if (!from || !to || to.total === from.total) return null;
  return round((to.busy - from.busy) / (to.total - from.total), 3);
}

function printPlans(plans: Awaited<ReturnType<typeof explainDashboard>>) {
  console.table(
    Object.fromEntries(
      plans.queries.map((q) => [
        q.name,
        {
          'before ms': round(q.before.executionMs),
          'after ms': round(q.after.executionMs),
          'CPU ms before / after': `${String(q.before.backendCpuMs)} / ${String(q.after.backendCpuMs)}`,
        },
      ]),
    ),
  );
}

function machine(pgVersion: string) {
  return { ...machineFacts(), postgres: pgVersion };
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      database: { type: 'string' },
      force: { type: 'boolean', default: false },
      'no-explain': { type: 'boolean', default: false },
      'explain-only': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick!;
  const scale = quick ? SCALES.quick : SCALES.full;
  const seed = Number(values.seed);
  const runs = Number(values.runs ?? (quick ? 5 : 30));
  const warmup = Number(values.warmup ?? (quick ? 1 : 3));
  const name =
    values.database ?? (quick ? `sasaeai_council_quick_${String(process.pid)}` : FULL_DATABASE);
  const log = (line: string) => console.log(`[bench:council] ${line}`);
  const started = Date.now();
  const loadBefore = loadavg().map((l) => round(l, 2));

  log(`${scale.name} city, seed ${seed}, database ${name}`);
  const { result: generation, reused } = await ensureGenerated({
    name,
    seed,
    scale,
    force: values.force ?? false,
    log: (line) => log(`generate: ${line}`),
  });

  if (values['explain-only']) {
    const plans = await explainDashboard(name);
    const file = writeBenchResult(`council-plans-${scale.name}`, {
      when: new Date().toISOString(),
      seed,
      plans,
    });
    printPlans(plans);
    log(`written ${file}`);
    if (quick && !values.database) await dropDatabase(name);
    return null;
  }

  const { sql, db, close } = createDb({ url: databaseUrl(name), max: 4 });
  const [{ server_version: pgVersion } = { server_version: '?' }] = await sql<
    { server_version: string }[]
  >`show server_version`;
  const api = await startApi(name);
  log(`API at ${api.url}; timing ${PAGES.length} pages × ${runs} runs (+${warmup} warm-up)`);
  const cpuBefore = cpuTimes();
  const ownBefore = process.cpuUsage();
  const timingStarted = performance.now();
  const sampler = cpuSampler(name);
  const pages = await timePages(api, PAGES, { runs, warmup }, log, sampler);
  await sampler.close();
  const ownCpu = process.cpuUsage(ownBefore);
  const timingMs = performance.now() - timingStarted;
  const cpuAfter = cpuTimes();
  // The public page shows the current fiscal year, which the generated year is not; time the same
  // use case as of the generated year's last day too, so the figure covers 100,000 requests.
  const asOfYearEnd = new Date(`${FISCAL_YEAR + 1}-03-31T12:00:00+09:00`);
  pages.push(
    await timeDirect(
      `public summary FY${FISCAL_YEAR} (use case, no HTTP)`,
      () => publicSummary(db, asOfYearEnd),
      runs,
      warmup,
    ),
  );
  // The API answers again from its cache while the facts have not changed (every warm run
  // above); time what a read costs when they have: the summary query itself, and a write (a
  // match touched, so its request is queued) followed by the page's use case (apply + query).
  const { start, end } = fiscalYearBounds(FISCAL_YEAR);
  for (const category of [null, 'snow'] as const) {
    pages.push(
      await timeDirect(
        `summary query, uncached: ${category ?? 'city'} (no HTTP)`,
        () => activitySummaryRows(db, { start, end, districtIds: null, category }),
        runs,
        warmup,
      ),
    );
  }
  pages.push(
    await timeDirect(
      'summary query, uncached, parts side by side: city (no HTTP)',
      () => activitySummaryRowsSideBySide(db, { start, end, districtIds: null, category: null }),
      runs,
      warmup,
    ),
  );
  // For comparison, in the same conditions: the live query the API ran before migration 0005
  // (district × month rows only, joined from the tables on every read).
  pages.push(
    await timeDirect(
      'live query before 0005: city (no HTTP)',
      () => activityRows(db, { start, end, districtIds: null, category: null }),
      runs,
      warmup,
    ),
  );
  const [touched] = await sql<{ id: string }[]>`select id from matches order by id limit 1`;
  pages.push(
    await timeDirect(
      'activity: city after a write (apply + query, no HTTP)',
      async () => {
        await sql`update matches set status = status where id = ${touched!.id}`;
        await activityReport(db, {
          fiscalYear: FISCAL_YEAR,
          district: null,
          category: null,
          districtIds: null,
        });
      },
      runs,
      warmup,
    ),
  );
  // The same read as council staff make it, over HTTP, right after each write: the API answers
  // from figures up to COUNCIL_MAX_STALE_SECONDS old (its default) and catches up behind.
  const cityPage = PAGES.find((page) => page.name === 'activity: city')!;
  const afterWrite: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    await sql`update matches set status = status where id = ${touched!.id}`;
    const started = performance.now();
    for (const pageCall of cityPage.calls) await call(api, pageCall);
    if (i >= warmup) afterWrite.push(performance.now() - started);
  }
  pages.push(
    figuresOf('activity: city page right after a write (HTTP, figures ≤ 60 s old)', afterWrite, 0),
  );
  await api.close();
  await close();

  let plans: Awaited<ReturnType<typeof explainDashboard>> | null = null;
  if (!values['no-explain']) {
    log('explaining the dashboard SQL before and after');
    plans = await explainDashboard(name);
  }

  const slowest = Math.max(...pages.map((p) => p.p95));
  const report = {
    when: new Date().toISOString(),
    mode: scale.name,
    seed,
    generation: { ...generation, reused } satisfies GenerateResult & { reused: boolean },
    runs,
    warmup,
    targetP95Ms: TARGET_P95_MS,
    allUnderTarget: slowest < TARGET_P95_MS,
    machine: {
      ...machine(pgVersion),
      loadAverageAtStart: loadBefore,
      // While the pages were timed: how busy all CPUs were (PostgreSQL and other work included),
      // and how much of one CPU this process (client + API) used.
      cpuBusyShareWhileTiming: busyShare(cpuBefore, cpuAfter),
      benchProcessCpuShare: round((ownCpu.user + ownCpu.system) / 1000 / timingMs, 3),
    },
    pages,
    plans,
    durationMs: Date.now() - started,
  };

  console.table(
    Object.fromEntries(
      pages.map((p) => [
        p.name,
        {
          'p50 ms': p.p50,
          'p95 ms': p.p95,
          'max ms': p.max,
          [`< ${TARGET_P95_MS} ms`]: p.p95 < TARGET_P95_MS ? 'yes' : 'NO',
          'CPU ms pg / node': p.cpuMs ? `${p.cpuMs.postgres} / ${p.cpuMs.node}` : '',
        },
      ]),
    ),
  );
  if (plans) printPlans(plans);
  log(
    `generation ${reused ? 'reused (generated earlier in' : 'took'} ${round(generation.durationMs / 1000)} s${reused ? ')' : ''}; ` +
      `load average ${report.machine.loadAverage.join(' ')} on ${report.machine.cpus} cpus, ` +
      `CPUs ${String(Math.round((report.machine.cpuBusyShareWhileTiming ?? Number.NaN) * 100))} % busy while timing`,
  );
  const file = writeBenchResult(`council-${scale.name}`, report);
  log(`written ${file}`);
  if (quick && !values.database) await dropDatabase(name);
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
