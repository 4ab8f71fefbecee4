/**
 * `pnpm bench:overload`: what the API does when offered twice what it can take.
 *
 * The real API and worker (matching beside it) on a city of their own. For each of two runs —
 * admission control as configured by default, and admission control off (a limit no load
 * reaches) — it measures the closed-loop capacity of the intake path, then offers 2× that rate
 * open-loop for a while, with no retries, and reports what was accepted, what was refused
 * (503 busy) and the latency of each. The ceilings (bare Fastify, raw INSERT) are measured in
 * the same run, so the figures come as ratios too. Figures are printed and saved as JSON.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createDb } from '@sasaeai/db/client';
import { ensureDatabase, runMigrations } from '@sasaeai/db';
import { seedReferenceData } from '@sasaeai/db/seed';
import { dropDatabase } from '@sasaeai/db/testing';
import { measureCeilings } from './ceilings.ts';
import { buildInstance, type Instance } from './instance.ts';
import { fireOpenLoop, saturate, schedule } from './load.ts';
import { freePort, startService, waitForHealth } from './processes.ts';
import { removeRedisKeys, snowWindowFor } from './bench-state.ts';
import { round, summarise } from './stats.ts';
import { machineFacts, writeBenchResult } from '../results.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seed: { type: 'string', default: '4242' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const quick = values.quick!;
const seed = Number(values.seed);
const plan = quick
  ? { volunteers: 100, groups: 10, residents: 100, capacityMs: 1500, offerSeconds: 4 }
  : { volunteers: 1000, groups: 100, residents: 2000, capacityMs: 5000, offerSeconds: 20 };
/** Admission control off: limits no run of this bench reaches. */
const ADMISSION_OFF = {
  ADMISSION_MAX_IN_FLIGHT: '10000',
  ADMISSION_MAX_QUEUE: '1000000',
  ADMISSION_MAX_WAIT_MS: '600000',
  ADMISSION_MAX_EVENT_LOOP_DELAY_MS: '0',
};

const BENCH_METRICS_TOKEN = 'overload-bench-metrics-token';

const log = (line: string) => console.log(`[overload] ${line}`);

/** Why the API said busy: its `admission_refused_total` counter, summed by reason. */
async function refusalsByReason(apiUrl: string): Promise<Record<string, number>> {
  const response = await fetch(`${apiUrl}/metrics`, {
    headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
  });
  const reasons: Record<string, number> = {};
  for (const line of (await response.text()).split('\n')) {
    const match = /^admission_refused_total\{.*reason="([a-z_]+)".*\} (\d+)$/.exec(line);
    if (match) reasons[match[1]!] = (reasons[match[1]!] ?? 0) + Number(match[2]);
  }
  return reasons;
}

let sent = 0;
async function postRequest(apiUrl: string, instance: Instance): Promise<number> {
  const i = sent++;
  const resident = instance.residents[i % instance.residents.length]!;
  try {
    const response = await fetch(`${apiUrl}/api/help-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: apiUrl, cookie: resident.cookie },
      body: JSON.stringify({
        category: 'snow',
        when: snowWindowFor(i),
        where: { kind: 'profile' },
      }),
      signal: AbortSignal.timeout(120_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

async function runOnce(
  label: string,
  env: Record<string, string>,
  admissionEnv: Record<string, string>,
  instance: Instance,
) {
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const api = startService('api', {
    ...env,
    ...admissionEnv,
    PORT: String(port),
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
  });
  const worker = startService('worker', env);
  await waitForHealth(apiUrl, 180_000);

  log(`${label}: closed-loop capacity (32 clients, ${plan.capacityMs} ms)`);
  let created = 0;
  const closed = await saturate(32, plan.capacityMs, async () => {
    if ((await postRequest(apiUrl, instance)) === 201) created += 1;
  });
  const capacityPerSecond = created / (plan.capacityMs / 1000);
  const offeredPerSecond = Math.max(2, 2 * capacityPerSecond);
  const count = Math.round(offeredPerSecond * plan.offerSeconds);
  log(`${label}: offering ${round(offeredPerSecond)}/s (2× capacity) for ${plan.offerSeconds} s`);
  const loadBefore = loadavg()[0]!;
  const refusedBefore = await refusalsByReason(apiUrl);
  const started = performance.now();
  const shots = await fireOpenLoop(schedule(count, offeredPerSecond, 0.5), () =>
    postRequest(apiUrl, instance),
  );
  const seconds = (performance.now() - started) / 1000;
  // The machine may be shared: its 1-minute load average says how much else was running.
  const loadAverage = { before: loadBefore, after: loadavg()[0]! };
  const refusedByReason = Object.fromEntries(
    Object.entries(await refusalsByReason(apiUrl)).map(([reason, count]) => [
      reason,
      count - (refusedBefore[reason] ?? 0),
    ]),
  );
  await worker.stop();
  await api.stop();

  const accepted = shots.filter((shot) => shot.status === 201);
  const refused = shots.filter((shot) => shot.status === 503);
  const failed = shots.filter((shot) => shot.status !== 201 && shot.status !== 503);
  return {
    admission: label,
    capacity: { perSecond: capacityPerSecond, p50: closed.p50, p99: closed.p99 },
    offeredPerSecond,
    loadAverage,
    offered: shots.length,
    accepted: accepted.length,
    acceptedPerSecond: accepted.length / seconds,
    refused: refused.length,
    refusedPerSecond: refused.length / seconds,
    refusedByReason,
    otherErrors: failed.length,
    acceptedLatencyMs: summarise(accepted.map((shot) => shot.latencyMs)),
    refusedLatencyMs: summarise(refused.map((shot) => shot.latencyMs)),
    allLatencyMs: summarise(shots.map((shot) => shot.latencyMs)),
  };
}

async function main() {
  const name = `sasaeai_overload_${process.pid}`;
  const url = `${values.server}/${name}`;
  const prefix = `overload-${process.pid}`;
  log(`${quick ? 'quick' : 'full'} run, seed ${seed}, database ${name}`);
  await dropDatabase(name).catch(() => {});
  await ensureDatabase(url);
  await runMigrations(url);
  const { db, close } = createDb({ url, max: 5, applicationName: 'bench' });
  await seedReferenceData({ db });

  log('ceilings: bare Fastify and raw INSERT');
  const ceilings = await measureCeilings({
    databaseUrl: url,
    redisUrl: values.redis!,
    prefix,
    ms: plan.capacityMs,
    concurrency: 32,
  });
  const ceiling = Math.min(ceilings.bareFastify.perSecond, ceilings.rawInsert.perSecond);

  log(`building the city: ${plan.volunteers} volunteers, ${plan.residents} residents`);
  const instance = await buildInstance(db, plan, seed);
  const env = {
    DATABASE_URL: url,
    REDIS_PREFIX: prefix,
    REDIS_URL: values.redis!,
    NODE_ENV: 'test',
  };

  const runs = [
    await runOnce('on (defaults)', env, {}, instance),
    await runOnce('off', env, ADMISSION_OFF, instance),
  ];

  const report = {
    when: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    seed,
    plan,
    machine: machineFacts(),
    ceilings,
    ceilingPerSecond: ceiling,
    runs: runs.map((run) => ({ ...run, capacityVsCeiling: run.capacity.perSecond / ceiling })),
  };
  console.table(
    Object.fromEntries(
      report.runs.map((run) => [
        `admission ${run.admission}`,
        {
          'capacity /s': round(run.capacity.perSecond),
          'capacity ÷ ceiling': round(run.capacityVsCeiling, 3),
          'offered /s': round(run.offeredPerSecond),
          'accepted /s': round(run.acceptedPerSecond),
          'refused (503) /s': round(run.refusedPerSecond),
          'refused by reason': Object.entries(run.refusedByReason)
            .map(([reason, count]) => `${reason} ${count}`)
            .join(', '),
          'other errors': run.otherErrors,
          'accepted p50 / p99 ms': `${round(run.acceptedLatencyMs.p50)} / ${round(run.acceptedLatencyMs.p99)}`,
          'refused p50 / p99 ms': `${round(run.refusedLatencyMs.p50)} / ${round(run.refusedLatencyMs.p99)}`,
          'load avg': `${round(run.loadAverage.before)} → ${round(run.loadAverage.after)}`,
        },
      ]),
    ),
  );
  log(
    `ceiling min(bare Fastify ${round(ceilings.bareFastify.perSecond)}/s, raw INSERT ${round(ceilings.rawInsert.perSecond)}/s) = ${round(ceiling)}/s`,
  );
  const file = writeBenchResult(`overload-${report.mode}`, report);
  log(`written ${file}`);

  await close();
  await dropDatabase(name);
  await removeRedisKeys(values.redis!, prefix);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
