import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { dropDatabase, testServerUrl } from '@sasaeai/db/testing';
import {
  COORDINATOR_DISTRICTS,
  DEFAULT_SEED,
  FISCAL_YEAR,
  SCALES,
  type GenerateResult,
} from './config.ts';
import { databaseUrl, ensureGenerated } from './database.ts';
import { PAGES, call, startApi, timePages, type RunningApi } from './run.ts';

/**
 * The council benchmark's quick mode, checked for correctness only (figures are reported by
 * `pnpm bench:council`, never asserted): the generated city has what was asked for, and every
 * dashboard endpoint answers 200 with totals that agree with the generated rows.
 */
interface Row {
  district: string;
  month: string;
  requests: number;
  completed: number;
  cancelled: number;
  unmatched: number;
  matched: number;
  thanks: number;
  concerns: number;
  hoursGiven: number;
  reciprocalResidents: number;
}

const name = `sasaeai_t_council_${randomBytes(4).toString('hex')}`;
let generated: GenerateResult;
let api: RunningApi;
let db: postgres.Sql;

const sum = (rows: readonly Row[], key: keyof Row) =>
  rows.reduce((total, row) => total + Number(row[key]), 0);

async function activity(query: string, as: 'council' | 'coordinator' = 'council') {
  const { body } = await call(api, {
    as,
    path: `/api/council/activity?fiscalYear=${FISCAL_YEAR}${query}`,
  });
  return (body as { rows: Row[] }).rows;
}

beforeAll(async () => {
  ({ result: generated } = await ensureGenerated({
    name,
    seed: DEFAULT_SEED,
    scale: SCALES.quick,
  }));
  db = postgres(databaseUrl(name, testServerUrl()), { max: 1, onnotice: () => {} });
  api = await startApi(name);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await db?.end({ timeout: 5 });
  await dropDatabase(name);
});

describe('pnpm bench:council --quick', () => {
  it('generates the asked-for city, deterministically counted', async () => {
    const { counts } = generated;
    // The city's 53 地区社協 areas, as the generator wrote them (the database is checked below).
    expect(counts.districts).toBe(53);
    expect(counts.requests).toBe(SCALES.quick.requests);
    expect(counts.volunteers).toBe(SCALES.quick.volunteers);
    expect(counts.groups).toBe(Math.round(SCALES.quick.volunteers * SCALES.quick.groupShare));
    const [row] = await db<
      {
        districts: number;
        requests: number;
        in_year: number;
        volunteers: number;
        groups: number;
        residents: number;
        reciprocal: number;
        matches: number;
        thanks: number;
        concerns: number;
      }[]
    >`select
        (select count(*)::int from districts) as districts,
        (select count(*)::int from help_requests) as requests,
        (select count(*)::int from help_requests
          where created_at >= '2025-04-01T00:00:00+09:00' and created_at < '2026-04-01T00:00:00+09:00') as in_year,
        (select count(*)::int from volunteer_profiles) as volunteers,
        (select count(*)::int from volunteer_profiles where kind = 'group') as groups,
        (select count(*)::int from resident_profiles) as residents,
        (select count(*)::int from resident_profiles rp join volunteer_profiles vp using (user_id)) as reciprocal,
        (select count(*)::int from matches) as matches,
        (select count(*)::int from thanks) as thanks,
        (select count(*)::int from concerns) as concerns`;
    expect(row).toEqual({
      districts: 53,
      requests: SCALES.quick.requests,
      in_year: SCALES.quick.requests,
      volunteers: SCALES.quick.volunteers,
      groups: counts.groups,
      residents: SCALES.quick.residents,
      reciprocal: SCALES.quick.reciprocal,
      matches: counts.matches,
      thanks: counts.thanks,
      concerns: counts.concerns,
    });
    // Winter carries the year: more requests from December to March than the other 8 months.
    const [season] = await db<{ winter: number; snow: number }[]>`
      select count(*) filter (where extract(month from created_at at time zone 'Asia/Tokyo') in (12, 1, 2, 3))::int as winter,
             count(*) filter (where category = 'snow')::int as snow
      from help_requests`;
    expect(season!.winter).toBeGreaterThan(SCALES.quick.requests / 2);
    expect(season!.snow).toBeGreaterThan(SCALES.quick.requests / 3);
    // No individual is booked twice for overlapping live or completed tasks.
    const [overlap] = await db<{ n: number }[]>`
      select count(*)::int as n from matches a join matches b
        on a.volunteer_id = b.volunteer_id and a.id < b.id and a.booked_during && b.booked_during
      where a.exclusive and b.exclusive
        and a.status in ('accepted', 'completed') and b.status in ('accepted', 'completed')`;
    expect(overlap!.n).toBe(0);
  });

  it('answers the city activity with the generated totals', async () => {
    const rows = await activity('');
    const { counts } = generated;
    expect(sum(rows, 'requests')).toBe(counts.requests);
    expect(sum(rows, 'completed')).toBe(counts.requestsByStatus.done ?? 0);
    expect(sum(rows, 'cancelled')).toBe(counts.requestsByStatus.cancelled ?? 0);
    expect(sum(rows, 'unmatched')).toBe(counts.requestsByStatus.unmatched ?? 0);
    expect(sum(rows, 'thanks')).toBe(counts.thanks);
    expect(sum(rows, 'concerns')).toBe(counts.concerns);
    expect(sum(rows, 'hoursGiven')).toBeCloseTo(counts.minutesGiven / 60, -1);
    expect(sum(rows, 'reciprocalResidents')).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.month)).size).toBe(12);
    const [matched] = await db<{ n: number }[]>`
      select count(distinct request_id)::int as n from matches`;
    expect(sum(rows, 'matched')).toBe(matched!.n);
  });

  it('filters by district, category and the coordinator’s own districts', async () => {
    const byDistrict = await activity('&district=nagayama');
    expect(new Set(byDistrict.map((r) => r.district))).toEqual(new Set(['nagayama']));
    const bySnow = await activity('&category=snow');
    const mine = await activity('', 'coordinator');
    expect(new Set(mine.map((r) => r.district)).size).toBeLessThanOrEqual(3);
    for (const row of mine) expect(COORDINATOR_DISTRICTS).toContain(row.district);
    const [expected] = await db<{ nagayama: number; snow: number; mine: number }[]>`
      select count(*) filter (where d.code = 'nagayama')::int as nagayama,
             count(*) filter (where hr.category = 'snow')::int as snow,
             count(*) filter (where d.code in ${db(COORDINATOR_DISTRICTS)})::int as mine
      from help_requests hr join districts d on d.id = hr.district_id`;
    expect(sum(byDistrict, 'requests')).toBe(expected!.nagayama);
    expect(sum(bySnow, 'requests')).toBe(expected!.snow);
    expect(sum(mine, 'requests')).toBe(expected!.mine);
  });

  it('serves every dashboard page with 200 and a CSV of the same rows', async () => {
    const figures = await timePages(api, PAGES, { runs: 1, warmup: 0 });
    expect(figures.map((f) => f.name)).toEqual(PAGES.map((p) => p.name));
    const { body: csv } = await call(api, {
      as: 'council',
      path: `/api/council/activity.csv?fiscalYear=${FISCAL_YEAR}`,
    });
    const rows = await activity('');
    expect(String(csv).trimEnd().split('\r\n')).toHaveLength(rows.length + 1);
    const { body: centres } = await call(api, { as: 'council', path: '/api/council/centres' });
    expect((centres as { centres: unknown[] }).centres).toHaveLength(generated.counts.centres);
    const { body: indicators } = await call(api, {
      as: 'council',
      path: '/api/council/indicators',
    });
    const list = (indicators as { indicators: { code: string; today: { value: number } | null }[] })
      .indicators;
    expect(list).toHaveLength(35);
    const [active] = await db<{ n: number }[]>`
      select count(*)::int as n from volunteer_profiles
      where kind = 'individual' and verification = 'active'`;
    expect(list.find((i) => i.code === 'V2-2-b-individual')?.today?.value).toBe(active!.n);
  });
});
