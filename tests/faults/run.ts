/**
 * The fault battery (issue 15): during a burst of help requests posted through the real API, one
 * fault at a time — Redis flushed, Redis down, the worker killed or stopped mid-job, PostgreSQL
 * restarted, the outbox relayed twice — then the system is given time to settle and the database
 * is checked: nothing accepted may be lost, nothing doubled, nobody double-booked. Then a backup
 * and restore drill. Everything runs on a PostgreSQL cluster and a Redis of its own.
 *
 *   pnpm test:faults                      # 2,000 requests per fault, Redis down 60 s
 *   pnpm test:faults --quick              # 300 requests per fault, Redis down 5 s
 *   pnpm test:faults --faults redis-down,worker-kill-9 --redis-down-seconds 10
 *
 * Prints a table, writes JSON to bench/results/faults-<timestamp>.json, and exits 1 when any
 * fault lost, doubled or double-booked anything, or the restored copy differs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { ensureDatabase, runMigrations } from '@sasaeai/db';
import { createDb } from '@sasaeai/db/client';
import { seedReferenceData } from '@sasaeai/db/seed';
import { buildInstance } from '../bench/snowstorm/instance.ts';
import { freePort, waitForHealth } from '../bench/snowstorm/processes.ts';
import { burst, postHelpRequest, type Shot } from './burst.ts';
import { matchCount, pendingOutbox, requestsState, violations } from './checks.ts';
import { faults, type Fault, type Stack } from './faults.ts';
import { startOwnPostgres } from './own-postgres.ts';
import { startOwnRedis } from './own-redis.ts';
import { formatTable, type FaultResult } from './report.ts';
import { restoreDrill } from './restore-drill.ts';
import { startService, supervise, type Supervised } from './services.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    requests: { type: 'string' },
    concurrency: { type: 'string', default: '20' },
    'redis-down-seconds': { type: 'string' },
    'settle-seconds': { type: 'string' },
    faults: { type: 'string', default: faults.map((f) => f.name).join(',') },
    seed: { type: 'string', default: '20261202' },
  },
});
const quick = values.quick!;
const plan = {
  requests: Number(values.requests ?? (quick ? 300 : 2000)),
  concurrency: Number(values.concurrency),
  redisDownSeconds: Number(values['redis-down-seconds'] ?? (quick ? 5 : 60)),
  settleSeconds: Number(values['settle-seconds'] ?? (quick ? 90 : 240)),
  volunteers: quick ? 120 : 400,
  residents: 8,
  faults: values.faults!.split(',').filter((name) => name !== ''),
};
const unknown = plan.faults.filter((name) => !faults.some((f) => f.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown fault(s): ${unknown.join(', ')}; known: ${faults.map((f) => f.name).join(', ')}`,
  );
  process.exit(2);
}

const resultsDir = fileURLToPath(new URL('../../bench/results', import.meta.url));
const started = Date.now();
const log = (line: string) =>
  console.log(
    `[faults +${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s] ${line}`,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  log(
    `${quick ? 'quick' : 'full'} run: ${plan.requests} requests per fault at concurrency ${plan.concurrency}; faults ${plan.faults.join(', ')}`,
  );
  const postgres = await startOwnPostgres();
  const redis = await startOwnRedis();
  log(`own PostgreSQL on 127.0.0.1:${postgres.port}, own Redis at ${redis.url}`);
  const services: Supervised[] = [];
  const cleanUp = async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL').catch(() => null)));
    await redis.stop().catch(() => {});
    await postgres.stop().catch(() => {});
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

  try {
    const url = postgres.urlFor('sasaeai_faults');
    await ensureDatabase(url);
    await runMigrations(url);
    const { db, close } = createDb({ url, max: 4, applicationName: 'faults' });
    await seedReferenceData({ db });
    const instance = await buildInstance(
      db,
      { volunteers: plan.volunteers, groups: 0, residents: plan.residents },
      Number(values.seed),
    );
    const cookies = instance.residents.map((r) => r.cookie);
    log(`migrated and seeded: ${plan.volunteers} volunteers, ${plan.residents} residents`);

    const prefix = 'faults';
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: url, REDIS_URL: redis.url, REDIS_PREFIX: prefix };
    const api = supervise(
      'api',
      () =>
        startService('api', {
          ...env,
          PORT: String(port),
          NODE_ENV: 'test',
          // Faults, not overload: a slow CI machine must not turn the burst into busy answers.
          ADMISSION_MAX_WAIT_MS: '30000',
          ADMISSION_MAX_EVENT_LOOP_DELAY_MS: '0',
        }),
      log,
    );
    services.push(api);
    const workerEnv = {
      ...env,
      RELAY_INTERVAL_MS: '100',
      MATCHING_WINDOW_MS: '200',
      // The reconciler is what brings back requests whose jobs a fault destroyed; production
      // runs it every minute, here every 2 s so that settling takes seconds.
      RECONCILE_INTERVAL_MS: '2000',
      RECONCILE_STALE_SECONDS: '5',
      // Settling time is what is measured here, not the API's share of a busy machine.
      WORKER_NICE: '0',
    };
    const worker = supervise('worker', () => startService('worker', workerEnv), log);
    services.push(worker);
    await waitForHealth(apiUrl, 120_000);
    log(`API at ${apiUrl} ready, worker started`);

    const matchingQueue = new Queue('matching', { connection: { url: redis.url }, prefix });
    matchingQueue.on('error', () => {}); // refused while a fault has Redis down
    const stack: Stack = {
      db,
      postgres,
      redis,
      worker,
      activeMatchingJobs: () => matchingQueue.getActiveCount(),
      redisDownMs: plan.redisDownSeconds * 1000,
      log,
    };

    const results: FaultResult[] = [];
    for (const name of plan.faults) {
      const crashesBefore = api.crashes() + worker.crashes();
      const result = await runFault(
        faults.find((f) => f.name === name)!,
        stack,
        apiUrl,
        cookies,
      );
      result.crashes = api.crashes() + worker.crashes() - crashesBefore;
      results.push(result);
    }
    await matchingQueue.close();

    log('backup and restore drill: stopping the services, pg_dump, pg_restore, comparing');
    for (const service of services.splice(0)) await service.stop('SIGTERM');
    const restoredUrl = postgres.urlFor('sasaeai_restored');
    await ensureDatabase(restoredUrl);
    const drill = await restoreDrill(url, restoredUrl);
    log(
      `  ${drill.tables} tables, ${drill.rows} rows, dump ${Math.round(drill.dumpBytes / 1024)} KiB in ${drill.dumpMs} ms, restore ${drill.restoreMs} ms: ${drill.mismatches.length === 0 ? 'identical' : `${drill.mismatches.length} tables differ`}`,
    );
    await close();

    console.log(formatTable(results));
    const failed =
      results.some((r) => r.lost + r.duplicate + r.doubleBooked > 0) || drill.mismatches.length > 0;
    const crashed = results.filter((r) => r.crashes > 0).map((r) => r.fault);
    if (crashed.length > 0)
      log(`a service crashed (and was restarted) during: ${crashed.join(', ')}`);
    const report = {
      when: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      plan,
      machine: { cpus: cpus().length, node: process.version },
      faults: results,
      restoreDrill: drill,
      passed: !failed,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    mkdirSync(resultsDir, { recursive: true });
    const file = `faults-${report.when.replaceAll(':', '-').replace(/\..*/, '')}.json`;
    writeFileSync(`${resultsDir}/${file}`, `${JSON.stringify(report, null, 2)}\n`);
    log(`written bench/results/${file}`);
    log(
      failed
        ? 'FAILED: something was lost, doubled or double-booked, or the restore differs'
        : 'passed',
    );
    return failed ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

async function runFault(
  fault: Fault,
  stack: Stack,
  apiUrl: string,
  cookies: string[],
): Promise<FaultResult> {
  log(`${fault.name}: ${fault.what}`);
  const notes: string[] = [];
  let injected: Promise<void> | undefined;
  const trigger = Math.floor(plan.requests / 4);
  const step = Math.max(1, Math.floor(plan.requests / 10));
  const burstStarted = Date.now();
  const shots = await burst({
    apiUrl,
    label: `${fault.name}-${Date.now()}`,
    requests: plan.requests,
    concurrency: plan.concurrency,
    cookies,
    onAnswer: (answered) => {
      if (answered === trigger && fault.during) {
        log(`  injecting after ${answered} answers`);
        injected = fault.during(stack).then((note) => void notes.push(note));
      }
      if (answered % step === 0) log(`  ${fault.name}: answered ${answered}/${plan.requests}`);
    },
  });
  const burstSeconds = (Date.now() - burstStarted) / 1000;
  await injected;
  if (fault.afterBurst) {
    log('  burst answered; injecting');
    notes.push(await fault.afterBurst(stack));
  }
  for (const note of notes) log(`  ${note}`);

  // What a client does with an answer it did not get: the same request again, same key.
  const failedShots = shots.filter((s) => s.status !== 201);
  const retried: Shot[] = [];
  for (const shot of failedShots) {
    retried.push({
      ...shot,
      ...(await postHelpRequest(apiUrl, shot.cookie, shot.idempotencyKey, shot.index)),
    });
  }
  const accepted = shots.filter((s) => s.status === 201);
  const ids = [
    ...accepted.map((s) => s.requestId!),
    ...retried.filter((s) => s.status === 201 || s.status === 200).map((s) => s.requestId!),
  ];

  const settle = await settleAfter(stack, ids);
  // A retry of an accepted request must return that request, never a second one.
  let replayMismatches = 0;
  for (const shot of accepted.filter((_, i) => i % 10 === 0)) {
    const again = await postHelpRequest(apiUrl, shot.cookie, shot.idempotencyKey, shot.index);
    if (again.status !== 200 || again.requestId !== shot.requestId) replayMismatches += 1;
  }
  const found = await violations(stack.db);
  const fiveXx = shots.filter((s) => s.status === 'network-error' || s.status >= 500);
  const result: FaultResult = {
    fault: fault.name,
    what: fault.what,
    notes,
    sent: shots.length,
    accepted: accepted.length,
    lost: settle.state.missing + settle.state.open,
    stuck: settle.pendingOutbox,
    duplicate: found.duplicateKeys + found.duplicateMatches + replayMismatches,
    doubleBooked: found.doubleBooked,
    overfilled: found.overfilled,
    answers5xx: fiveXx.length,
    answers500: shots.filter((s) => s.status === 500).length,
    crashes: 0,
    answersByStatus: countBy(shots.map((s) => String(s.status))),
    messages5xx: countBy(fiveXx.map((s) => `${s.status}: ${s.message ?? ''}`.slice(0, 160))),
    retriedAfterFailure: countBy(retried.map((s) => String(s.status))),
    burstSeconds: Math.round(burstSeconds * 10) / 10,
    settleSeconds: settle.seconds,
    settled: settle.settled,
  };
  log(
    `  ${fault.name}: accepted ${result.accepted}, lost ${result.lost}, stuck ${result.stuck}, duplicate ${result.duplicate}, double-booked ${result.doubleBooked}, 5xx ${result.answers5xx} (500: ${result.answers500})`,
  );
  if (!settle.settled) log(`  worker output:\n${stack.worker.tail()}`);
  return result;
}

/** Until no accepted request is `open`, the outbox is relayed and matching has been quiet 3 s. */
async function settleAfter(stack: Stack, ids: string[]) {
  const started = Date.now();
  const deadline = started + plan.settleSeconds * 1000;
  let lastMatches = -1;
  let quietSince = Date.now();
  let lastLog = 0;
  for (;;) {
    const [state, pending, matches] = await Promise.all([
      requestsState(stack.db, ids).catch(() => ({ missing: -1, open: -1 })),
      pendingOutbox(stack.db).catch(() => -1),
      matchCount(stack.db).catch(() => -1),
    ]);
    if (matches !== lastMatches) {
      lastMatches = matches;
      quietSince = Date.now();
    }
    const done =
      state.open === 0 && state.missing === 0 && pending === 0 && Date.now() - quietSince >= 3000;
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (done || Date.now() > deadline) {
      return { settled: done, seconds, state, pendingOutbox: pending };
    }
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log(`  settling: ${state.open} open, ${pending} outbox rows pending, ${matches} matches`);
    }
    await sleep(500);
  }
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
