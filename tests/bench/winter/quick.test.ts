import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '@sasaeai/api/test-helper';
import { noLivePublisher } from '../../../services/worker/src/live-publisher.ts';
import { runDistrictMatching } from '../../../services/worker/src/matching/run-district.ts';
import { declareSnowfall, winterOutcome } from './outcome.ts';
import { QUICK_PLAN } from './plans.ts';
import { seedWinter, type WinterCity } from './seed.ts';

/**
 * The core of `pnpm bench:winter --quick`, in-process: the quick (hard, scarce) city seeded in bulk, the
 * snowfall declared through the real route on a listening API, and the worker's own district
 * runs matching it. Asserted are structural facts, not timings: every triggered registration
 * became exactly one job, declaring again creates none, each paired household's job was offered
 * to its pair before anyone else, and nobody is booked twice.
 */
let server: TestServer;
let city: WinterCity;

beforeAll(async () => {
  server = await startTestServer();
  city = await seedWinter(server.database.db, QUICK_PLAN, 20261203);
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe('bench:winter quick core', () => {
  it('expands the snowfall once, offers pairs first and books nobody twice', async () => {
    const db = server.database.db;
    const declared = await declareSnowfall(server.url, city, QUICK_PLAN.districts, QUICK_PLAN.cm);
    expect(declared.status).toBe(200);
    expect(declared.body.created).toBe(QUICK_PLAN.registrations);
    expect(declared.body.tooLate).toBe(0);

    // The same snowfall declared again creates nothing twice.
    const again = await declareSnowfall(server.url, city, QUICK_PLAN.districts, QUICK_PLAN.cm);
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(0);
    expect(again.body.alreadyExisted).toBe(QUICK_PLAN.registrations);

    // The worker's district runs, as its matching jobs would make them, until nothing changes.
    for (let round = 0; round < 5; round++) {
      let proposed = 0;
      for (const districtId of city.districtIds) {
        const result = await runDistrictMatching({ db, live: noLivePublisher }, districtId);
        expect(result.status).toBe('done');
        if (result.status === 'done') proposed += result.proposed + result.pairOffers;
      }
      if (proposed === 0) break;
    }

    const outcome = await winterOutcome(db);
    expect(outcome.expansion).toEqual({
      registrations: QUICK_PLAN.registrations,
      jobs: QUICK_PLAN.registrations,
      withOneJob: QUICK_PLAN.registrations,
      withNoJob: 0,
      withMoreJobs: 0,
    });
    expect(outcome.requests).toBe(QUICK_PLAN.registrations);
    expect(city.paired).toBe(QUICK_PLAN.registrations * QUICK_PLAN.pairedShare);
    expect(outcome.pairs.pairedJobs).toBe(city.paired);
    // Each helper is paired once, with a household whose morning it is free in (city.ts), so
    // nearly every pair's first offer is its own. Not always all: a helper who also serves the
    // other district may be booked by that district's run before its own pair's offer.
    const nearlyAll = Math.ceil(0.95 * city.paired);
    expect(outcome.pairs.honoured).toBeGreaterThanOrEqual(nearlyAll);
    expect(outcome.pairs.toPrimary).toBeGreaterThanOrEqual(nearlyAll);
    expect(outcome.doubleBookings).toBe(0);
    expect(outcome.requestsOverFilled).toBe(0);
    // The city is scarce: some households are cleared, not all.
    expect(outcome.matchedShare).toBeGreaterThan(0.5);
    expect(outcome.matchedShare).toBeLessThan(1);

    // Pair offers skip approval: each paired job's first match is an offer to its primary.
    const [firsts] = await db.execute<{ offered: number }>(sql`
      select count(*)::int as offered from matches m
      join help_requests r on r.id = m.request_id
      join season_pairings p on p.winter_registration_id = r.winter_registration_id
        and p.helper_id = m.volunteer_id and p.role = 'primary'
      where m.status = 'offered'`);
    expect(firsts!.offered).toBeGreaterThanOrEqual(nearlyAll);
    expect(firsts!.offered).toBeLessThanOrEqual(city.paired);
  }, 120_000);
});
