/**
 * The winter city replayed in-process at a chosen Japan-time clock (issue 10). `pnpm
 * bench:winter` declares with the real clock, so a run's figures depend on the hour it starts
 * (before 08:00 JST the early mornings are cut short). This seeds the same city, declares the
 * snowfall through the API's own use-case at `--at` on `--day`, and runs the worker's
 * `runDistrictMatching` district after district (`--order plan|reverse`, the harshest order for
 * helpers who serve two districts) with that clock, then reports quality against the HiGHS
 * optimum, the optimum keeping the pairs, and places per district and morning (`missed.ts`).
 *
 *   pnpm bench:winter:replay --at 07:15 [--quick] [--order reverse]
 *   pnpm bench:winter:replay --at 04:00 --quick --engine   # engine alone, no pairs
 *
 * `--engine` skips the worker and compares the batch engine on the recorded instance, without
 * the pairs: one solve over every district against one district after another.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { assignOptimal, DEFAULT_MATCHING_OPTIONS, weekKeyOf, type Proposal } from '@sasaeai/core';
import { createDb, type Database } from '@sasaeai/db/client';
import { ensureDatabase, runMigrations } from '@sasaeai/db';
import { seedReferenceData } from '@sasaeai/db/seed';
import { dropDatabase } from '@sasaeai/db/testing';
import { declareSnowEvents } from '../../../services/api/src/use-cases/snow/declare-snow-events.ts';
import { loadSessionUser } from '../../../services/api/src/repositories/users-repository.ts';
import { noLivePublisher } from '../../../services/worker/src/live-publisher.ts';
import { runDistrictMatching } from '../../../services/worker/src/matching/run-district.ts';
import {
  aggregate,
  buildModel,
  evaluate,
  measureQuality,
  recordInstance,
  solveHindsight,
} from '../snowstorm/quality.ts';
import { round } from '../snowstorm/stats.ts';
import { missedVsOptimum } from './missed.ts';
import { winterOutcome } from './outcome.ts';
import { FULL_PLAN, QUICK_PLAN } from './plans.ts';
import { seedWinter } from './seed.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    at: { type: 'string', default: '07:15' },
    day: { type: 'string', default: '2026-12-04' },
    seed: { type: 'string', default: '20261203' },
    order: { type: 'string', default: 'plan' },
    engine: { type: 'boolean', default: false },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});
const plan = values.quick ? QUICK_PLAN : FULL_PLAN;
const declaredAt = new Date(`${values.day}T${values.at}:00+09:00`);
const ordered = (ids: string[]) => (values.order === 'reverse' ? [...ids].reverse() : ids);

/** The batch engine alone on the recorded instance: every district at once, then one by one. */
async function engineAlone(db: Database, order: string[]) {
  const { instance } = await recordInstance(db, declaredAt);
  const m = buildModel(instance);
  const optimum = await solveHindsight(m, 'objective');
  const options = { ...DEFAULT_MATCHING_OPTIONS, buddyInBatch: true };
  const share = (proposals: Proposal[]) => {
    const e = evaluate(m, aggregate(m, proposals).assignment);
    return `${round(e.objective / optimum.total, 4)} (places ${e.placesFilled}, violations ${e.violations})`;
  };
  const joint = assignOptimal({
    requests: [...instance.requests],
    candidates: instance.candidates,
    options,
  });
  let candidates = [...instance.candidates];
  const sequential: Proposal[] = [];
  const byId = new Map(instance.requests.map((r) => [r.id, r]));
  for (const district of order) {
    const requests = instance.requests.filter((r) => r.districtId === district);
    const { proposals } = assignOptimal({ requests, candidates, options });
    sequential.push(...proposals);
    const taken = new Map<string, Proposal[]>();
    for (const p of proposals) taken.set(p.volunteerId, [...(taken.get(p.volunteerId) ?? []), p]);
    candidates = candidates.map((c) => {
      const mine = taken.get(c.id);
      if (!mine) return c;
      const tasksByWeek = { ...c.tasksByWeek };
      const busy = [...c.busy];
      for (const p of mine) {
        const r = byId.get(p.requestId)!;
        const week = weekKeyOf(r.windowStart);
        tasksByWeek[week] = (tasksByWeek[week] ?? 0) + 1;
        busy.push({ start: r.windowStart, end: r.windowEnd, people: 1 });
      }
      return { ...c, tasksByWeek, busy };
    });
  }
  console.table({
    at: values.at,
    'every district in one solve ÷ opt': share(joint.proposals),
    'district after district ÷ opt': share(sequential),
  });
}

async function main() {
  const name = `sasaeai_replay_${process.pid}`;
  const url = `${values.server}/${name}`;
  await dropDatabase(name).catch(() => {});
  await ensureDatabase(url);
  await runMigrations(url);
  const { db, close } = createDb({ url, max: 5, applicationName: 'bench-winter-replay' });
  await seedReferenceData({ db });
  const city = await seedWinter(db, plan, Number(values.seed), () => {}, declaredAt);
  const [council] = await db.execute<{ id: string }>(
    sql`select id::text as id from users where display_name = '市役所 除雪担当'`,
  );
  const actor = await loadSessionUser(db, council!.id);
  const declared = await declareSnowEvents(
    db,
    actor!,
    { districts: [...plan.districts], cm: plan.cm, observedOn: city.observedOn },
    declaredAt,
  );
  if (declared.created !== plan.registrations) throw new Error(`declared ${declared.created}`);
  // Made at the declared instant, as the hindsight instance reads them.
  await db.execute(
    sql`update help_requests set created_at = ${declaredAt.toISOString()}::timestamptz`,
  );
  const order = ordered(city.districtIds);
  if (values.engine) {
    await engineAlone(db, order);
  } else {
    // The worker's runs, a second apart on the replayed clock, until nothing changes.
    let clock = declaredAt.getTime();
    for (let round = 0; round < 5; round++) {
      let proposed = 0;
      for (const districtId of order) {
        clock += 1000;
        const result = await runDistrictMatching(
          { db, live: noLivePublisher },
          districtId,
          new Date(clock),
        );
        if (result.status === 'done') proposed += result.proposed + result.pairOffers;
      }
      if (proposed === 0) break;
    }
    const outcome = await winterOutcome(db);
    const quality = await measureQuality(db, declaredAt);
    const codes = new Map(city.districtIds.map((id, i) => [id, plan.districts[i]!]));
    const missed = await missedVsOptimum(db, declaredAt, codes);
    console.table({
      'declared at (Japan time)': `${values.day} ${values.at}`,
      'quality: online ÷ hindsight opt': round(quality.online.quality, 4),
      'quality: first-come greedy ÷ opt': round(quality.greedy.quality, 4),
      'opt keeping the pairs ÷ opt': round(missed.withPairs.ofOptimum, 4),
      'online ÷ opt keeping the pairs': round(missed.withPairs.online, 4),
      'places filled: online / opt': `${quality.online.placesFilled} / ${quality.hindsight.placesFilled}`,
      'online violations of the instance': quality.online.violations,
      'pairs honoured (to primary)': `${outcome.pairs.honoured}/${outcome.pairs.pairedJobs} (${outcome.pairs.toPrimary})`,
      'double bookings': outcome.doubleBookings,
    });
    console.table(missed.byMorning);
    console.table(missed.individualTasks);
  }
  await close();
  await dropDatabase(name);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
