/**
 * The snow-season benchmark (issue 10): a 30 cm snowfall declared over five districts with
 * 10,000 winter registrations, 20 % of them paired for the season, through the real API route
 * (POST /api/snow-events) to the real worker, PostgreSQL and Redis, with the ceilings of the
 * parts measured on the same machine before and after, so every figure is also a ratio.
 *
 *   pnpm bench:winter            # 10,000 registrations over 5 districts
 *   pnpm bench:winter --quick    # 500 registrations over 2 districts
 *
 * Prints a table and writes JSON (figures, seed, machine) to bench/results/.
 */
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { createDb } from '@sasaeai/db/client';
import { ensureDatabase, runMigrations } from '@sasaeai/db';
import { seedReferenceData } from '@sasaeai/db/seed';
import { dropDatabase } from '@sasaeai/db/testing';
import { measureCeilings } from '../snowstorm/ceilings.ts';
import { waitUntilSettled } from '../snowstorm/metrics.ts';
import {
  cpuBetween,
  cpuByCommand,
  freePort,
  startService,
  waitForHealth,
} from '../snowstorm/processes.ts';
import { measureQuality } from '../snowstorm/quality.ts';
import { removeRedisKeys } from '../snowstorm/bench-state.ts';
import { round } from '../snowstorm/stats.ts';
import { declareSnowfall, winterOutcome } from './outcome.ts';
import { FULL_PLAN, QUICK_PLAN } from './plans.ts';
import { seedWinter } from './seed.ts';
import { scarcity } from './city.ts';
import { missedVsOptimum } from './missed.ts';
import { machineFacts, writeBenchResult } from '../results.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261203' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const quick = values.quick!;
const seed = Number(values.seed);

const plan = quick
  ? { ...QUICK_PLAN, ceilingMs: 1500, settleMs: 60_000 }
  : { ...FULL_PLAN, ceilingMs: 5000, settleMs: 300_000 };

const log = (line: string) => console.log(`[bench:winter] ${line}`);

async function main() {
  const name = `sasaeai_winter_${process.pid}`;
  const url = `${values.server}/${name}`;
  const prefix = `winter-${process.pid}`;
  log(`${quick ? 'quick' : 'full'} snowfall, seed ${seed}, database ${name}`);
  await dropDatabase(name).catch(() => {});
  await ensureDatabase(url);
  await runMigrations(url);
  const { db, close } = createDb({ url, max: 5, applicationName: 'bench-winter' });
  await seedReferenceData({ db });

  log('ceilings before the snowfall');
  const ceilingOptions = {
    databaseUrl: url,
    redisUrl: values.redis!,
    prefix,
    ms: plan.ceilingMs,
    concurrency: 32,
  };
  const before = await measureCeilings(ceilingOptions);

  log(`seeding: ${plan.registrations} winter registrations over ${plan.districts.join(', ')}`);
  const seedStarted = performance.now();
  const city = await seedWinter(db, plan, seed, log);
  const seedMs = performance.now() - seedStarted;

  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const env = { DATABASE_URL: url, REDIS_PREFIX: prefix, REDIS_URL: values.redis! };
  const api = startService('api', { ...env, PORT: String(port), NODE_ENV: 'test' });
  const worker = startService('worker', env);
  await waitForHealth(apiUrl);

  // One authenticated read first, so the figure is the expansion and not the API's cold start.
  await fetch(`${apiUrl}/api/snow-events/board?date=${city.observedOn}`, {
    headers: { cookie: city.councilCookie },
  }).then((response) => response.arrayBuffer());
  log(`declaring ${plan.cm} cm over ${plan.districts.length} districts`);
  const cpuBefore = cpuByCommand();
  // The API sheds load (503 busy) when the shared machine is starved; declaring is idempotent,
  // so the council user tries again, as a person would, and the figure is the call that worked.
  let declared = await declareSnowfall(apiUrl, city, plan.districts, plan.cm);
  let busyAnswers = 0;
  while (declared.status === 503 && busyAnswers < 20) {
    busyAnswers += 1;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    declared = await declareSnowfall(apiUrl, city, plan.districts, plan.cm);
  }
  if (declared.status !== 200) {
    throw new Error(`declaring the snowfall: ${declared.status} ${JSON.stringify(declared.body)}`);
  }
  log(`  ${declared.body.created} jobs in ${round(declared.ms)} ms; waiting for matching`);
  const matchingQueue = new Queue('matching', { connection: { url: values.redis! }, prefix });
  const settleMs = await waitUntilSettled(db, 3000, plan.settleMs, async () => {
    const counts = await matchingQueue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  });
  await matchingQueue.close();
  const cpu = cpuBetween(cpuBefore, cpuByCommand(), (Date.now() - declared.at.getTime()) / 1000);
  const outcome = await winterOutcome(db);
  await worker.stop();
  await api.stop();

  log('quality: hindsight optimum (HiGHS) on the recorded snowfall');
  const quality = await measureQuality(db, declared.at);
  const codes = new Map(city.districtIds.map((id, i) => [id, plan.districts[i]!]));
  const missed = await missedVsOptimum(db, declared.at, codes);

  log('ceilings after the snowfall');
  const after = await measureCeilings(ceilingOptions);

  const jobsPerSecond = declared.body.created / (declared.ms / 1000);
  const rawInsert = Math.min(before.rawInsert.perSecond, after.rawInsert.perSecond);
  const report = {
    when: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    seed,
    plan,
    machine: machineFacts(),
    seeding: { ms: Math.round(seedMs), ...city, councilCookie: undefined, data: undefined },
    scarcity: scarcity(plan, city.data),
    // The Japan-time clock at the declaration: a morning already under way is cut short.
    declaredAtJst: new Date(declared.at.getTime() + 9 * 3_600_000).toISOString().slice(0, 16),
    expansion: {
      busyAnswers,
      ms: declared.ms,
      created: declared.body.created,
      alreadyExisted: declared.body.alreadyExisted,
      tooLate: declared.body.tooLate,
      jobsPerSecond,
      ...outcome.expansion,
    },
    outcome,
    settleMs,
    cpuDuringMatching: cpu,
    ceilings: { before, after },
    ratios: {
      // One job is one help request, its audit event and its outbox row, written in bulk.
      expansionVsRawInsert: jobsPerSecond / rawInsert,
      // The whole expansion is one API call: its time against one bare Fastify round trip.
      expansionVsBareFastifyCall: declared.ms / before.bareFastify.p50,
      matchedPerSecondVsBullmq:
        (outcome.requests * outcome.matchedShare) /
        (settleMs / 1000) /
        before.bullmq.processPerSecond,
    },
    quality,
    missed,
  };

  console.table({
    'declared at (Japan time)': report.declaredAtJst,
    'by-08:00 households ÷ helpers there before 08:00 (per district)': report.scarcity
      .map((d) => round(d.earlyRatio, 2))
      .join(' / '),
    'winter registrations (paired / with backup)': `${city.registrations} (${city.paired} / ${city.backups})`,
    'seeding s': round(seedMs / 1000),
    'snow event → jobs ms (one API call)': round(declared.ms),
    'jobs created (already / too late)': `${declared.body.created} (${declared.body.alreadyExisted} / ${declared.body.tooLate})`,
    'registrations with exactly one job': `${outcome.expansion.withOneJob} / ${outcome.expansion.registrations}`,
    'jobs /s; ÷ raw INSERT ceiling': `${round(jobsPerSecond)}; ${round(report.ratios.expansionVsRawInsert, 3)}`,
    'request→proposal p50 / p99 ms': `${round(outcome.requestToProposalMs.p50)} / ${round(outcome.requestToProposalMs.p99)}`,
    'matching settled in s': round(settleMs / 1000),
    'matched share': round(outcome.matchedShare, 3),
    'unmatched / still waiting': `${outcome.unmatched} / ${outcome.stillWaiting}`,
    'pairs honoured (to primary)': `${round(outcome.pairs.share, 4)} (${outcome.pairs.honoured}/${outcome.pairs.pairedJobs}; primary ${outcome.pairs.toPrimary})`,
    'double bookings': outcome.doubleBookings,
    'requests over-filled': outcome.requestsOverFilled,
    'quality: online ÷ hindsight opt (≥ 0.99)': round(quality.online.quality, 4),
    // The same for a first-come greedy: near 1 too means this instance leaves little to choose.
    'quality: first-come greedy ÷ opt': round(quality.greedy.quality, 4),
    'opt keeping the pairs ÷ opt (cost of pairs)': round(missed.withPairs.ofOptimum, 4),
    'online ÷ opt keeping the pairs': round(missed.withPairs.online, 4),
    'eligible (job, helper) pairs per district batch': Object.values(
      missed.eligiblePairsByDistrict,
    ).join(' / '),
    'places filled: online / opt': `${quality.online.placesFilled} / ${quality.hindsight.placesFilled}`,
    'online matches outside the instance': quality.online.outsideInstance,
    'bare Fastify /s (before/after)': `${round(before.bareFastify.perSecond)} / ${round(after.bareFastify.perSecond)}`,
    'raw INSERT /s (before/after)': `${round(before.rawInsert.perSecond)} / ${round(after.rawInsert.perSecond)}`,
    'BullMQ add / process /s': `${round(before.bullmq.addPerSecond)} / ${round(before.bullmq.processPerSecond)}`,
    'cores used while matching': cpu.map((row) => `${row.command} ${row.cores}`).join(', '),
  });
  console.table(report.scarcity);
  console.table(missed.byMorning);
  console.table(missed.individualTasks);
  const file = writeBenchResult(`winter-${report.mode}`, report);
  log(`written ${file}`);

  await close();
  await dropDatabase(name);
  await removeRedisKeys(values.redis!, prefix);
}

// Exit explicitly: client pools and the ceiling runs' connections need not be waited for.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
