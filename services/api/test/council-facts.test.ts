import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActivityReport } from '@sasaeai/contracts';
import { eq, inArray, sql } from 'drizzle-orm';
import { fiscalYearBounds } from '@sasaeai/core';
import { createDb } from '@sasaeai/db/client';
import { helpRequests, matches, roleAssignments, thanks } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf, makeResident, makeVolunteer } from './help-loop-fixtures.ts';
import { parseCsv } from '../src/use-cases/council/parse-csv.ts';
import {
  ActivityGrouping,
  activityRows,
  activitySummaryRows,
  activitySummaryRowsSideBySide,
  rebuildActivityFacts,
  refreshActivityFacts,
} from '../src/repositories/council/activity-query.ts';
import { activityCsv, activityReport } from '../src/use-cases/council/activity.ts';

/**
 * The activity report's pre-aggregation (migration 0005): per-request facts kept up to date by
 * triggers and a queue, applied before every read; totals by category, month and district.
 */
let t: TestApp;
let cookie: string;
let resident: { id: string };
let both: { id: string };
let volunteers: { id: string }[];
const FY = 2025;

type Category = 'snow' | 'weeding' | 'shopping';

async function addRequest(options: {
  district: string;
  createdAt: string;
  category?: Category;
  residentId?: string;
  status?: 'open' | 'done' | 'cancelled' | 'unmatched';
  /** Matches: volunteer index, hours after the request, status, minutes. */
  matches?: {
    volunteer: number;
    afterHours: number;
    status: 'proposed' | 'accepted' | 'completed' | 'declined';
    minutes?: number;
  }[];
  thanks?: boolean;
}) {
  const db = t.database.db;
  const createdAt = new Date(options.createdAt);
  const residentId = options.residentId ?? resident.id;
  const [row] = await db
    .insert(helpRequests)
    .values({
      residentId,
      createdBy: residentId,
      districtId: await districtIdOf(t.database, options.district),
      category: options.category ?? 'snow',
      status: options.status ?? 'open',
      address: '旭川市',
      windowStart: new Date(createdAt.getTime() + 48 * 3_600_000),
      windowEnd: new Date(createdAt.getTime() + 49 * 3_600_000),
      createdAt,
    })
    .returning();
  for (const [i, match] of (options.matches ?? []).entries()) {
    // Non-overlapping bookings per volunteer: each match its own hour.
    const start = new Date(createdAt.getTime() + (48 + i * 2) * 3_600_000);
    const [inserted] = await db
      .insert(matches)
      .values({
        requestId: row!.id,
        volunteerId: volunteers[match.volunteer]!.id,
        status: match.status,
        bookedDuring: `[${start.toISOString()},${new Date(start.getTime() + 3_600_000).toISOString()})`,
        minutesSpent: match.minutes ?? null,
        createdAt: new Date(createdAt.getTime() + match.afterHours * 3_600_000),
      })
      .returning();
    if (options.thanks && match.status === 'completed') {
      await db.insert(thanks).values({
        matchId: inserted!.id,
        requestId: row!.id,
        fromUserId: residentId,
        toUserId: volunteers[match.volunteer]!.id,
        message: 'ありがとう',
      });
    }
  }
  return row!;
}

beforeAll(async () => {
  t = await createTestApp({}, 'council-facts');
  resident = await makeResident(t.database);
  both = await makeResident(t.database);
  await t.database.db.insert(roleAssignments).values({ userId: both.id, role: 'volunteer' });
  volunteers = [
    await makeVolunteer(t.database, 'chuo'),
    await makeVolunteer(t.database, 'chuo'),
    await makeVolunteer(t.database, 'nagayama'),
    both,
  ];
  // `both` gave help too (a task done the year before), so their requests count as reciprocity.
  await addRequest({
    district: 'chuo',
    createdAt: '2024-12-01T10:00:00+09:00',
    status: 'done',
    matches: [{ volunteer: 3, afterHours: 1, status: 'completed', minutes: 30 }],
  });
  // Volunteer 0 helps in both districts and both months; waits 1, 2, 3, 5, 8, 13 hours.
  await addRequest({
    district: 'chuo',
    createdAt: '2025-05-02T10:00:00+09:00',
    status: 'done',
    matches: [{ volunteer: 0, afterHours: 1, status: 'completed', minutes: 60 }],
    thanks: true,
  });
  await addRequest({
    district: 'chuo',
    createdAt: '2025-05-12T10:00:00+09:00',
    category: 'weeding',
    residentId: both.id,
    status: 'done',
    matches: [
      { volunteer: 1, afterHours: 2, status: 'declined' },
      { volunteer: 0, afterHours: 3, status: 'completed', minutes: 30 },
      { volunteer: 1, afterHours: 4, status: 'completed', minutes: 45 },
    ],
  });
  await addRequest({
    district: 'nagayama',
    createdAt: '2025-05-20T10:00:00+09:00',
    matches: [{ volunteer: 0, afterHours: 3, status: 'accepted' }],
  });
  await addRequest({
    district: 'chuo',
    createdAt: '2025-06-03T10:00:00+09:00',
    category: 'shopping',
    residentId: both.id,
    status: 'done',
    matches: [{ volunteer: 0, afterHours: 5, status: 'completed', minutes: 20 }],
  });
  await addRequest({
    district: 'nagayama',
    createdAt: '2025-06-15T10:00:00+09:00',
    status: 'done',
    matches: [{ volunteer: 2, afterHours: 8, status: 'completed', minutes: 120 }],
    thanks: true,
  });
  await addRequest({
    district: 'nagayama',
    createdAt: '2025-06-25T10:00:00+09:00',
    category: 'weeding',
    matches: [{ volunteer: 2, afterHours: 13, status: 'proposed' }],
  });
  await addRequest({
    district: 'chuo',
    createdAt: '2025-06-28T10:00:00+09:00',
    status: 'unmatched',
  });
  const council = await makeUser(t.database, { roles: [{ role: 'council' }] });
  cookie = await logInAs(t.app, council.email);
});

afterAll(async () => {
  await t.close();
});

async function report(query = ''): Promise<ActivityReport> {
  const response = await request(t.app, {
    method: 'GET',
    url: `/api/council/activity?fiscalYear=${String(FY)}${query}`,
    cookie,
  });
  expect(response.statusCode).toBe(200);
  return response.json<ActivityReport>();
}

describe('activity totals', () => {
  it('totals the whole selection with exact percentiles and people counted once', async () => {
    const { rows, totals } = await report();
    expect(rows.map((r) => [r.district, r.month, r.activeVolunteers])).toEqual([
      ['chuo', '2025-05', 2],
      ['chuo', '2025-06', 1],
      ['nagayama', '2025-05', 1],
      ['nagayama', '2025-06', 1],
    ]);
    // Waits 1, 2, 3, 5, 8, 13 h: median 4, p90 10.5 (interpolated), not a median of medians.
    expect(totals.all).toEqual({
      requests: 7,
      matched: 6,
      matchedShare: 0.8571,
      medianHoursToMatch: 4,
      p90HoursToMatch: 10.5,
      completed: 4,
      cancelled: 0,
      unmatched: 1,
      // Volunteers 0, 1 and 2; the rows add up to 5.
      activeVolunteers: 3,
      hoursGiven: 4.58,
      thanks: 2,
      concerns: 0,
      // The same resident in two months counts once; the rows add up to 2.
      reciprocalResidents: 1,
    });
    expect(rows.reduce((n, r) => n + r.activeVolunteers, 0)).toBe(5);
    expect(rows.reduce((n, r) => n + r.reciprocalResidents, 0)).toBe(2);
  });

  it('totals by category, month and district, each as its own filter would', async () => {
    const { totals } = await report();
    expect(totals.byCategory.map((c) => [c.category, c.requests, c.medianHoursToMatch])).toEqual([
      ['snow', 4, 3],
      ['weeding', 2, 7.5],
      ['shopping', 1, 5],
    ]);
    expect(totals.byMonth.map((m) => [m.month, m.requests, m.activeVolunteers])).toEqual([
      ['2025-05', 3, 2],
      ['2025-06', 4, 2],
    ]);
    expect(totals.byDistrict.map((d) => [d.districtName, d.districtNameEn])).toEqual([
      ['中央', 'Chuo'],
      ['永山', 'Nagayama'],
    ]);
    expect(totals.byDistrict.map((d) => [d.district, d.requests, d.activeVolunteers])).toEqual([
      ['chuo', 4, 2],
      ['nagayama', 3, 2],
    ]);
    for (const category of totals.byCategory) {
      const { category: code, ...figures } = category;
      expect((await report(`&category=${code}`)).totals.all).toEqual(figures);
    }
    for (const district of totals.byDistrict) {
      const { district: code, districtName: _name, districtNameEn: _nameEn, ...figures } = district;
      expect((await report(`&district=${code}`)).totals.all).toEqual(figures);
    }
  });

  it('answers an empty selection with zero totals', async () => {
    const { rows, totals } = await report('&category=visit');
    expect(rows).toEqual([]);
    expect(totals.all).toMatchObject({ requests: 0, medianHoursToMatch: null, matchedShare: null });
    expect(totals.byCategory).toEqual([]);
  });

  it('gives the same rows as the live query over the tables themselves', async () => {
    const { start, end } = fiscalYearBounds(FY);
    await refreshActivityFacts(t.database.db);
    for (const category of [null, 'snow', 'weeding'] as const) {
      const filter = { start, end, districtIds: null, category };
      const live = await activityRows(t.database.db, filter);
      const summary = await activitySummaryRows(t.database.db, filter);
      expect(
        summary
          .filter((row) => row.grouping === ActivityGrouping.districtMonth)
          .map(({ grouping: _g, category: _c, ...row }) => row),
      ).toEqual(live);
      // Its parts run side by side give the same rows, in the same order.
      expect(await activitySummaryRowsSideBySide(t.database.db, filter)).toEqual(summary);
    }
  });
});

describe('activity facts refresh', () => {
  const facts = async () => {
    const [row] = await t.database.db.execute<{ n: number; queued: number }>(
      sql`select (select count(*)::int from council_request_facts) as n,
                 (select count(*)::int from council_facts_dirty) as queued`,
    );
    return row!;
  };

  it('queues a change, applies it on the next read and says as of when', async () => {
    const before = await report();
    const idle = await facts();
    expect(idle.queued).toBe(0);
    const written = new Date();
    const added = await addRequest({
      district: 'chuo',
      createdAt: '2025-07-01T10:00:00+09:00',
      matches: [{ volunteer: 1, afterHours: 6, status: 'accepted' }],
    });
    // Not in the facts yet: queued by the triggers (the request and its match).
    expect(await facts()).toEqual({ n: idle.n, queued: 2 });
    const after = await report();
    expect(after.totals.all.requests).toBe(before.totals.all.requests + 1);
    expect(after.rows.find((r) => r.month === '2025-07')).toMatchObject({
      district: 'chuo',
      requests: 1,
      matched: 1,
      medianHoursToMatch: 6,
      activeVolunteers: 1,
    });
    expect(await facts()).toEqual({ n: idle.n + 1, queued: 0 });
    expect(new Date(after.asOf).getTime()).toBeGreaterThanOrEqual(written.getTime());
    expect(new Date(after.asOf).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(after.asOf).getTime()).toBeGreaterThan(new Date(before.asOf).getTime());

    // A status change of the request or its match is applied too…
    await t.database.db
      .update(matches)
      .set({ status: 'completed', minutesSpent: 90 })
      .where(eq(matches.requestId, added.id));
    await t.database.db
      .update(helpRequests)
      .set({ status: 'done' })
      .where(eq(helpRequests.id, added.id));
    const done = (await report()).rows.find((r) => r.month === '2025-07');
    expect(done).toMatchObject({ completed: 1, hoursGiven: 1.5 });

    // …and so is a deletion.
    await t.database.db.delete(matches).where(eq(matches.requestId, added.id));
    await t.database.db.delete(helpRequests).where(eq(helpRequests.id, added.id));
    const gone = await report();
    expect(gone.rows.find((r) => r.month === '2025-07')).toBeUndefined();
    expect(gone.totals).toEqual(before.totals);
    expect(gone.rows).toEqual(before.rows);
  });

  it('with a staleness allowance, answers from the cache at once and catches up behind', async () => {
    const scope = { fiscalYear: FY, district: null, category: null, districtIds: null };
    const allowance = { maxStaleMs: 60_000 };
    const first = await activityReport(t.database.db, scope, allowance);
    const one = await addRequest({ district: 'chuo', createdAt: '2025-08-01T10:00:00+09:00' });
    // Within the allowance: the same figures, as of the same instant (they say how old they are).
    const stale = await activityReport(t.database.db, scope, allowance);
    expect(stale.asOf).toBe(first.asOf);
    expect(stale.totals.all.requests).toBe(first.totals.all.requests);
    // Behind the scenes the new request is applied; a later read has it, as of a later instant.
    const caught = await vi.waitFor(
      async () => {
        const report = await activityReport(t.database.db, scope, allowance);
        expect(report.totals.all.requests).toBe(first.totals.all.requests + 1);
        return report;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(new Date(caught.asOf).getTime()).toBeGreaterThan(new Date(first.asOf).getTime());
    // Without the allowance every read is fresh.
    const two = await addRequest({ district: 'chuo', createdAt: '2025-08-02T10:00:00+09:00' });
    const fresh = await activityReport(t.database.db, scope);
    expect(fresh.totals.all.requests).toBe(first.totals.all.requests + 2);
    await t.database.db.delete(helpRequests).where(inArray(helpRequests.id, [one.id, two.id]));
    expect((await activityReport(t.database.db, scope)).totals).toEqual(first.totals);
  });

  it('does not hide a failed refresh behind the stale answer: the next reader hears it', async () => {
    const scope = { fiscalYear: FY, district: null, category: null, districtIds: null };
    const allowance = { maxStaleMs: 60_000 };
    const own = createDb({ url: t.database.url, max: 1 });
    const first = await activityReport(own.db, scope, allowance);
    // The database goes away: the stale answer still comes at once, its refresh fails behind…
    await own.close();
    expect((await activityReport(own.db, scope, allowance)).asOf).toBe(first.asOf);
    // …and the next reader is not handed the old figures again but the error.
    const heard = await vi.waitFor(
      async () => {
        const outcome = await activityReport(own.db, scope, allowance).then(
          () => 'stale',
          (error: unknown) => error,
        );
        if (outcome === 'stale') throw new Error('still answered from the cache');
        return outcome;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(heard).toBeInstanceOf(Error);
  });

  it('does not queue an update that changes nothing the facts hold', async () => {
    await report();
    await t.database.db.update(helpRequests).set({ notes: 'メモ' });
    expect((await facts()).queued).toBe(0);
  });

  it('refreshes through the exported function, and a rebuild changes nothing', async () => {
    const { start, end } = fiscalYearBounds(FY);
    const filter = { start, end, districtIds: null, category: null };
    await addRequest({ district: 'nagayama', createdAt: '2025-08-01T10:00:00+09:00' });
    const asOf = await refreshActivityFacts(t.database.db);
    expect((await facts()).queued).toBe(0);
    expect(asOf.getTime()).toBeLessThanOrEqual(Date.now());
    const applied = await activitySummaryRows(t.database.db, filter);
    const rebuiltAt = await rebuildActivityFacts(t.database.db);
    expect(rebuiltAt.getTime()).toBeGreaterThanOrEqual(asOf.getTime());
    expect(await activitySummaryRows(t.database.db, filter)).toEqual(applied);
    expect(applied.find((r) => r.grouping === ActivityGrouping.all)?.requests).toBe(8);
  });

  it('reports the public summary as of the same kind of instant', async () => {
    const response = await request(t.app, { method: 'GET', url: '/api/council/public/summary' });
    expect(response.statusCode).toBe(200);
    const { asOf } = response.json<{ asOf: string }>();
    expect(Number.isNaN(new Date(asOf).getTime())).toBe(false);
    expect(new Date(asOf).getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('activity CSV by category', () => {
  it('neutralises a cell a spreadsheet would run (a district imported as =…), UTF-8 with BOM', async () => {
    const report = await activityReport(t.database.db, {
      fiscalYear: FY,
      district: null,
      category: null,
      districtIds: null,
    });
    const [first] = report.rows;
    if (!first) throw new Error('no activity rows');
    const csv = activityCsv({
      ...report,
      rows: [{ ...first, districtName: '=HYPERLINK("http://evil.example")' }],
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('names the category in the file and in its column', async () => {
    const response = await request(t.app, {
      method: 'GET',
      url: `/api/council/activity.csv?fiscalYear=${String(FY)}&category=weeding`,
      cookie,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="sasaeai-activity-FY2025-weeding.csv"',
    );
    const [header, ...lines] = parseCsv(response.body).filter((r) => r.length > 1);
    expect(header?.[4]).toBe('種類 / Category');
    expect(lines.map((cells) => [cells[0], cells[2], cells[3], cells[4], cells[5]])).toEqual([
      ['chuo', 'Chuo', '2025-05', 'weeding', '1'],
      ['nagayama', 'Nagayama', '2025-06', 'weeding', '1'],
    ]);
  });
});
