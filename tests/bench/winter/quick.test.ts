import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { clearingWindow, pairCanStillCome } from '@sasaeai/core';
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

    const ranUntil = new Date();
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
    // Each helper is paired once, with a household whose morning it is free in (city.ts), and a
    // district's batch leaves other districts' pair helpers to their pair offers, so nearly every
    // pair's first offer is its own — all but those whose morning is over when the household's
    // window is already under way (declared between 05:00 and 08:00 Japan time): those ask the
    // backup or the batch (`pairCanStillCome`).
    const stillCanCome = city.data.pairings.filter((p) => {
      if (p.role !== 'primary') return false;
      const household = city.data.households[p.household]!;
      const helper = city.data.helpers[p.helper]!;
      const window = clearingWindow(
        city.observedOn,
        household.span[0],
        household.span[1],
        declared.at,
      );
      const grid = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        weekday,
        startMinute: helper.span[0],
        endMinute: helper.span[1],
      }));
      return window !== null && pairCanStillCome(grid, window.start, window.end, ranUntil, 30);
    }).length;
    const nearlyAll = Math.ceil(0.95 * stillCanCome);
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
