/**
 * The snowstorm benchmark (issue 4): a seeded, reproducible surge of snow-clearing requests sent
 * through the real API to the real worker, PostgreSQL and Redis, with the ceilings of the parts
 * measured on the same machine before and after, so every figure is also a ratio.
 *
 *   pnpm bench            # 3,000 volunteers, 15,000 requests ramping to 250/s
 *   pnpm bench --quick    # a small storm in under a minute (CI runs this; no thresholds)
 *
 * Every offer and proposal the storm makes is announced through the worker's real notification
 * service to a real SMTP server (services/dev-mail), with the worker killed (SIGKILL) once
 * mid-storm and restarted: event → SMTP-accepted latency, mails per second against the SMTP
 * server's own ceiling, lost and duplicate mails (notifications.ts).
 *
 * Prints a table and writes JSON (figures, seed, machine) to bench/results/.
 */
import { fileURLToPath } from 'node:url';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createDb } from '@sasaeai/db/client';
import { ensureDatabase, runMigrations } from '@sasaeai/db';
import { seedReferenceData } from '@sasaeai/db/seed';
import { dropDatabase } from '@sasaeai/db/testing';
import { Queue } from 'bullmq';
import { measureCeilings, type Ceilings } from './ceilings.ts';
import { buildInstance } from './instance.ts';
import { fireOpenLoop, saturate, schedule } from './load.ts';
import { stormOutcome, waitUntilSettled } from './metrics.ts';
import { prepareNotificationReach } from './notification-reach.ts';
import { waitForNotifications } from './notifications.ts';
import { measureSmtpCeiling } from './smtp-ceiling.ts';
import { startSmtpRecorder } from './smtp-recorder.ts';
import { cpuBetween, cpuByCommand, freePort, startService, waitForHealth } from './processes.ts';
import { measureQuality } from './quality.ts';
import { removeRedisKeys, snowWindowFor } from './bench-state.ts';
import { round, summarise } from './stats.ts';
import { machineFacts, writeBenchResult } from '../results.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    // Writes V8 CPU profiles of the API and worker to bench/results/profiles/ (see profile.ts).
    profile: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261127' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const quick = values.quick!;
/** Tries of one storm request answered 503 busy before it counts as refused. */
const BUSY_ATTEMPTS = 30;
const seed = Number(values.seed);
const plan = quick
  ? {
      volunteers: 300,
      groups: 30,
      residents: 200,
      requests: 600,
      peak: 100,
      ramp: 3,
      ceilingMs: 1500,
      settleMs: 20_000,
      smtpCeilingMessages: 500,
      notifySettleMs: 90_000,
    }
  : {
      volunteers: 3000,
      groups: 300,
      residents: 5000,
      requests: 15_000,
      peak: 250,
      ramp: 20,
      ceilingMs: 5000,
      settleMs: 90_000,
      smtpCeilingMessages: 3000,
      notifySettleMs: 300_000,
    };

const profilesDir = fileURLToPath(new URL('../../../bench/results/profiles', import.meta.url));
const log = (line: string) => console.log(`[bench] ${line}`);

async function main() {
  const name = `sasaeai_bench_${process.pid}`;
  const url = `${values.server}/${name}`;
  const prefix = `bench-${process.pid}`;
  log(`${quick ? 'quick' : 'full'} storm, seed ${seed}, database ${name}`);
  await dropDatabase(name).catch(() => {});
  await ensureDatabase(url);
  await runMigrations(url);
  const { db, close } = createDb({ url, max: 5, applicationName: 'bench' });
  await seedReferenceData({ db });

  log('ceilings before the storm');
  const ceilingOptions = {
    databaseUrl: url,
    redisUrl: values.redis!,
    prefix,
    ms: plan.ceilingMs,
    concurrency: 32,
  };
  const before = await measureCeilings(ceilingOptions);
  const smtpCeiling = await measureSmtpCeiling(plan.smtpCeilingMessages);

  log(
    `building the city: ${plan.volunteers} volunteers (${plan.groups} groups), ${plan.residents} residents`,
  );
  const instance = await buildInstance(db, plan, seed);
  const reach = await prepareNotificationReach(db);
  const mailServer = await startSmtpRecorder();

  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const env = { DATABASE_URL: url, REDIS_PREFIX: prefix, REDIS_URL: values.redis! };
  const profileArgs = (name: string) =>
    values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profilesDir}/${name}`] : [];
  const api = startService(
    'api',
    { ...env, PORT: String(port), NODE_ENV: 'test' },
    profileArgs(`api-${process.pid}`),
  );
  const workerEnv = {
    ...env,
    SMTP_URL: mailServer.url,
    // Digests of proposals looked for every second, and a send cut by the kill taken again
    // after 20 s (the shortest lease allowed) instead of minutes, so the run can wait for it.
    NOTIFY_SCAN_INTERVAL_MS: '1000',
    NOTIFY_CLAIM_LEASE_MS: '20000',
    NOTIFY_RECONCILE_GRACE_MS: '1000',
    RECONCILE_INTERVAL_MS: '5000',
  };
  let worker = startService('worker', workerEnv, profileArgs(`worker-${process.pid}`));
  await waitForHealth(apiUrl);

  log(`surge: ${plan.requests} requests ramping to ${plan.peak}/s`);
  const offsets = schedule(plan.requests, plan.peak, plan.ramp);
  const cpuBefore = cpuByCommand();
  const surgeStarted = Date.now();
  // Mid-storm the worker dies without warning (SIGKILL) and a new one starts at once.
  const killAtMs = offsets[Math.floor(offsets.length / 2)]!;
  const workerKill = setTimeout(killAtMs).then(async () => {
    const killedAt = Date.now();
    await worker.kill();
    worker = startService('worker', workerEnv, profileArgs(`worker-restarted-${process.pid}`));
    log(`  worker killed (SIGKILL) ${round((killedAt - surgeStarted) / 1000)} s in, restarted`);
    return {
      at: new Date(killedAt),
      atSeconds: (killedAt - surgeStarted) / 1000,
      downMs: Date.now() - killedAt,
    };
  });
  // A resident told "busy, try again" (503 from admission control) tries again a second later,
  // as the page asks; the latency of such a request counts from its first try.
  let busyAnswers = 0;
  const shots = await fireOpenLoop(
    offsets,
    async (i) => {
      const resident = instance.residents[i % instance.residents.length]!;
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${apiUrl}/api/help-requests`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin: apiUrl,
            cookie: resident.cookie,
            'idempotency-key': `storm-${seed}-${i}`,
          },
          body: JSON.stringify({
            category: 'snow',
            when: snowWindowFor(i),
            where: { kind: 'profile' },
          }),
        });
        await response.arrayBuffer();
        if (response.status !== 503 || attempt >= BUSY_ATTEMPTS) return response.status;
        busyAnswers += 1;
        await setTimeout(1000);
      }
    },
    (done) => log(`  sent ${done}/${plan.requests}`),
  );
  const surgeSeconds = (Date.now() - surgeStarted) / 1000;
  const killed = await workerKill;
  log('waiting for matching to settle');
  const matchingQueue = new Queue('matching', {
    connection: { url: values.redis! },
    prefix,
  });
  const settleMs = await waitUntilSettled(db, 3000, plan.settleMs, async () => {
    const counts = await matchingQueue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  });
  await matchingQueue.close();
  // Where the two cores went, from the first request until matching settled.
  const cpu = cpuBetween(cpuBefore, cpuByCommand(), (Date.now() - surgeStarted) / 1000);
  const outcome = await stormOutcome(db);
  log('waiting for every notification to reach the SMTP server');
  const { outcome: mail, waitedMs: mailWaitedMs } = await waitForNotifications(
    db,
    mailServer.receipts,
    plan.notifySettleMs,
    killed.at,
  );
  const notifications = {
    ...mail,
    waitedMs: mailWaitedMs,
    coordinators: reach.coordinators,
    workerKilled: killed,
    smtpCeiling,
    vsSmtpCeiling: mail.messagesPerSecond / smtpCeiling.pooledPerSecond,
    // The worker's e-mail channel opens one connection per message: its own ceiling.
    peakVsSmtpCeilingPerConnection: mail.peakPerSecond / smtpCeiling.perMessageConnectionPerSecond,
  };

  log('quality: hindsight optimum (HiGHS) and first-come greedy on the recorded storm');
  const quality = await measureQuality(db, new Date(surgeStarted));
  log(`  quality measured in ${quality.ms} ms`);

  // The open-loop surge offers at most `peak`/s, so its accepted rate cannot show the API's
  // capacity: a closed loop at the ceilings' concurrency does, with the worker matching beside it
  // (these requests come after the storm's figures were taken).
  log('API capacity: closed loop, as the ceilings are measured');
  let sent = 0;
  let created = 0;
  const capacityRun = await saturate(ceilingOptions.concurrency, plan.ceilingMs, async () => {
    const i = plan.requests + sent++;
    const resident = instance.residents[i % instance.residents.length]!;
    const response = await fetch(`${apiUrl}/api/help-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: apiUrl, cookie: resident.cookie },
      body: JSON.stringify({
        category: 'snow',
        when: snowWindowFor(i),
        where: { kind: 'profile' },
      }),
    });
    await response.arrayBuffer();
    if (response.status === 201) created += 1;
  });
  const capacity = {
    acceptedPerSecond: created / (plan.ceilingMs / 1000),
    p50: capacityRun.p50,
    p99: capacityRun.p99,
  };
  await worker.stop();
  await api.stop();
  await mailServer.close();

  log('ceilings after the storm');
  const after = await measureCeilings(ceilingOptions);

  const accepted = shots.filter((s) => s.status === 201).length;
  const latency = summarise(shots.map((s) => s.latencyMs));
  const ceilingOf = (c: Ceilings) => Math.min(c.bareFastify.perSecond, c.rawInsert.perSecond);
  const api_ = {
    acceptedPerSecond: accepted / surgeSeconds,
    accepted,
    rejected: shots.length - accepted,
    busyAnswers,
    latencyMs: latency,
    capacity,
  };
  const report = {
    when: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    seed,
    plan,
    machine: machineFacts(),
    api: api_,
    outcome,
    settleMs,
    cpuDuringStorm: cpu,
    ceilings: { before, after },
    ratios: {
      acceptedVsCeiling: api_.acceptedPerSecond / Math.min(ceilingOf(before), ceilingOf(after)),
      capacityVsCeiling: capacity.acceptedPerSecond / Math.min(ceilingOf(before), ceilingOf(after)),
      offeredRate: plan.requests / surgeSeconds,
    },
    quality,
    notifications,
  };

  console.table({
    'API accepted /s': round(api_.acceptedPerSecond),
    'API p50 / p99 ms': `${round(latency.p50)} / ${round(latency.p99)}`,
    'busy answers (tried again)': busyAnswers,
    'request→proposal p50 / p99 ms': `${round(outcome.requestToProposalMs.p50)} / ${round(outcome.requestToProposalMs.p99)}`,
    'matched share': round(outcome.matchedShare, 3),
    'unmatched / still waiting': `${outcome.unmatched} / ${outcome.stillWaiting}`,
    'Gini (max tasks)': `${round(outcome.fairness.gini, 3)} (${outcome.fairness.maxTasks})`,
    'double bookings': outcome.doubleBookings,
    'quality: online / greedy ÷ hindsight opt': `${round(quality.online.quality, 4)} / ${round(quality.greedy.quality, 4)}`,
    'online kept + best completion ÷ opt': quality.online.completion
      ? round(quality.online.completion.quality, 4)
      : 'n/a',
    'places filled: online / greedy / opt': `${quality.online.placesFilled} / ${quality.greedy.placesFilled} / ${quality.hindsight.placesFilled}`,
    'score loss vs efficiency-only opt': round(quality.online.efficiencyLoss, 4),
    'Gini (max) online / eff. opt / greedy': `${round(quality.online.gini, 3)} (${quality.online.maxTasks}) / ${round(quality.efficiencyOnly.gini, 3)} (${quality.efficiencyOnly.maxTasks}) / ${round(quality.greedy.gini, 3)} (${quality.greedy.maxTasks})`,
    'Gini floor (fairest, as many places) / its places': `${round(quality.fairest.gini, 3)} (${quality.fairest.maxTasks}) / ${quality.fairest.placesFilled}`,
    'Gini individuals: online / eff. opt / greedy': `${round(quality.online.giniIndividuals, 3)} / ${round(quality.efficiencyOnly.giniIndividuals, 3)} / ${round(quality.greedy.giniIndividuals, 3)}`,
    'hindsight solves ms (LP optimum integral)': `${quality.solver.objective.ms} + ${quality.solver.score.ms} (${quality.solver.objective.lpIntegral && quality.solver.score.lpIntegral ? 'yes' : 'no: MIP'})`,
    'bare node:http /s (before/after)': `${round(before.bareHttp.perSecond)} / ${round(after.bareHttp.perSecond)}`,
    'bare Fastify /s': `${round(before.bareFastify.perSecond)} / ${round(after.bareFastify.perSecond)}`,
    'raw INSERT /s': `${round(before.rawInsert.perSecond)} / ${round(after.rawInsert.perSecond)}`,
    'BullMQ add / process /s': `${round(before.bullmq.addPerSecond)} / ${round(before.bullmq.processPerSecond)}`,
    'accepted ÷ min(Fastify, INSERT)': round(report.ratios.acceptedVsCeiling, 3),
    'API capacity /s, p50 / p99 ms (closed loop)': `${round(capacity.acceptedPerSecond)}, ${round(capacity.p50)} / ${round(capacity.p99)}`,
    'capacity ÷ min(Fastify, INSERT)': round(report.ratios.capacityVsCeiling, 3),
    'notices expected: offers / digests / other': `${mail.expectedOffers} / ${mail.expectedDigests} / ${mail.expected - mail.expectedOffers - mail.expectedDigests}`,
    'offer → SMTP accepted p50 / p99 ms': latencyCell(mail.byEvent['match.offered']),
    'digest → SMTP accepted p50 / p99 ms': latencyCell(mail.byEvent['proposals.waiting']),
    'mails /s (peak 1 s); SMTP ceiling pooled / per-connection /s': `${round(mail.messagesPerSecond)} (${mail.peakPerSecond}); ${round(smtpCeiling.pooledPerSecond)} / ${round(smtpCeiling.perMessageConnectionPerSecond)}`,
    'peak mails ÷ ceiling per-connection': round(notifications.peakVsSmtpCeilingPerConnection, 3),
    'mails ÷ SMTP ceiling (pooled)': round(notifications.vsSmtpCeiling, 3),
    'notices lost / late (still queued) / duplicate mails': `${mail.lost} / ${mail.late} / ${mail.duplicates}`,
    'worker SIGKILL at s; rows taken again': `${round(killed.atSeconds)}; ${mail.retakenRows}`,
    'cores used during the storm': cpu.map((row) => `${row.command} ${row.cores}`).join(', '),
  });
  const file = writeBenchResult(`snowstorm-${report.mode}`, report);
  log(`written ${file}`);

  await close();
  await dropDatabase(name);
  await removeRedisKeys(values.redis!, prefix);
  return file;
}

function latencyCell(figures: { eventToSmtpMs: { p50: number; p99: number } } | undefined) {
  return figures
    ? `${round(figures.eventToSmtpMs.p50)} / ${round(figures.eventToSmtpMs.p99)}`
    : 'none';
}

// Exit explicitly: client pools and the ceiling runs' connections need not be waited for.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
