import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRow } from '@sasaeai/contracts';
import { eq } from 'drizzle-orm';
import { fiscalYearOf } from '@sasaeai/core';
import {
  concerns,
  districts,
  helpRequests,
  matches,
  roleAssignments,
  thanks,
} from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf, makeResident, makeVolunteer } from './help-loop-fixtures.ts';
import { parseCsv } from '../src/use-cases/council/parse-csv.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const FY = 2025;

async function addRequest(options: {
  residentId: string;
  district: string;
  createdAt: string;
  status?: 'open' | 'done' | 'cancelled' | 'unmatched';
  match?: { volunteerId: string; afterHours: number; minutes?: number };
  category?: 'snow' | 'weeding';
}) {
  const db = t.database.db;
  const createdAt = new Date(options.createdAt);
  const windowStart = new Date(createdAt.getTime() + 48 * 3_600_000);
  const windowEnd = new Date(windowStart.getTime() + 3_600_000);
  const [row] = await db
    .insert(helpRequests)
    .values({
      residentId: options.residentId,
      createdBy: options.residentId,
      districtId: await districtIdOf(t.database, options.district),
      category: options.category ?? 'snow',
      status: options.status ?? 'open',
      address: '旭川市',
      windowStart,
      windowEnd,
      createdAt,
    })
    .returning();
  if (options.match) {
    const [match] = await db
      .insert(matches)
      .values({
        requestId: row!.id,
        volunteerId: options.match.volunteerId,
        status: options.status === 'done' ? 'completed' : 'declined',
        bookedDuring: `[${windowStart.toISOString()},${windowEnd.toISOString()})`,
        minutesSpent: options.match.minutes ?? null,
        createdAt: new Date(createdAt.getTime() + options.match.afterHours * 3_600_000),
      })
      .returning();
    if (options.status === 'done') {
      await db.insert(thanks).values({
        matchId: match!.id,
        requestId: row!.id,
        fromUserId: options.residentId,
        toUserId: options.match.volunteerId,
        message: 'ありがとう',
      });
      await db.insert(concerns).values({
        matchId: match!.id,
        requestId: row!.id,
        districtId: await districtIdOf(t.database, options.district),
        raisedBy: options.match.volunteerId,
        note: '元気がなかった',
      });
    }
  }
  return row!;
}

beforeAll(async () => {
  t = await createTestApp({}, 'council-act');
  const resident = await makeResident(t.database);
  // A resident who also holds the volunteer role (not reciprocity by itself).
  const both = await makeResident(t.database);
  await t.database.db.insert(roleAssignments).values({ userId: both.id, role: 'volunteer' });
  const volunteer = await makeVolunteer(t.database, 'chuo');
  // chuo, April 2025 (the first day of FY2025 in JST): 3 requests.
  await addRequest({
    residentId: resident.id,
    district: 'chuo',
    createdAt: '2025-04-01T00:00:00+09:00',
    status: 'done',
    match: { volunteerId: volunteer.id, afterHours: 2, minutes: 90 },
  });
  await addRequest({
    residentId: both.id,
    district: 'chuo',
    createdAt: '2025-04-10T09:00:00+09:00',
    status: 'cancelled',
    match: { volunteerId: volunteer.id, afterHours: 4 },
  });
  await addRequest({
    residentId: resident.id,
    district: 'chuo',
    createdAt: '2025-04-20T09:00:00+09:00',
    status: 'unmatched',
    category: 'weeding',
  });
  // 31 March 2025 23:59 JST belongs to FY2024: not in the report.
  await addRequest({
    residentId: resident.id,
    district: 'chuo',
    createdAt: '2025-03-31T23:59:00+09:00',
  });
  // nagayama, March 2026 (the last month of FY2025).
  await addRequest({
    residentId: resident.id,
    district: 'nagayama',
    createdAt: '2026-03-31T23:00:00+09:00',
  });
  for (const [key, roles] of Object.entries({
    council: [{ role: 'council' as const }],
    admin: [{ role: 'admin' as const }],
    coordinator: [{ role: 'coordinator' as const, district: 'chuo' }],
    resident: [{ role: 'resident' as const }],
    volunteer: [{ role: 'volunteer' as const }],
  })) {
    const user = await makeUser(t.database, { roles });
    cookies[key] = await logInAs(t.app, user.email);
  }
});

afterAll(async () => {
  await t.close();
});

const get = (url: string, who?: string) =>
  request(t.app, { method: 'GET', url, ...(who ? { cookie: cookies[who] } : {}) });

describe('activity by district and month', () => {
  it('counts a fiscal year from 1 April JST, with every measure', async () => {
    const response = await get(`/api/council/activity?fiscalYear=${String(FY)}`, 'council');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ fiscalYear: { ja: string }; rows: ActivityRow[] }>();
    expect(body.fiscalYear.ja).toBe('令和7年度（2025年度）');
    expect(body.rows.map((r) => [r.district, r.month, r.requests])).toEqual([
      ['chuo', '2025-04', 3],
      ['nagayama', '2026-03', 1],
    ]);
    const april = body.rows[0]!;
    expect(april).toMatchObject({
      matched: 2,
      matchedShare: 0.6667,
      medianHoursToMatch: 3,
      p90HoursToMatch: 3.8,
      completed: 1,
      cancelled: 1,
      unmatched: 1,
      activeVolunteers: 1,
      hoursGiven: 1.5,
      thanks: 1,
      concerns: 1,
      // The resident who also holds the volunteer role was not helped (cancelled) and never
      // helped anyone: holding both roles is not reciprocity.
      reciprocalResidents: 0,
    });
  });

  it('filters by category', async () => {
    const response = await get(
      `/api/council/activity?fiscalYear=${String(FY)}&category=weeding`,
      'council',
    );
    expect(response.json<{ rows: ActivityRow[] }>().rows.map((r) => r.requests)).toEqual([1]);
  });

  it('exports the same table as CSV with a BOM and a bilingual header (round trip)', async () => {
    const json = (await get(`/api/council/activity?fiscalYear=${String(FY)}`, 'council')).json<{
      rows: ActivityRow[];
    }>();
    const response = await get(`/api/council/activity.csv?fiscalYear=${String(FY)}`, 'council');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...lines] = parseCsv(response.body).filter((r) => r.length > 1);
    expect(header?.[0]).toBe('地区コード / District code');
    expect(header).toContain('依頼数 / Requests');
    expect(header?.[2]).toBe('地区名（英語） / District (English)');
    // The category column (after the month) says which categories the rows cover.
    expect(header?.[4]).toBe('種類 / Category');
    expect(new Set(lines.map((cells) => cells[4]))).toEqual(new Set(['all']));
    const keys = Object.keys(json.rows[0]!);
    const back = lines
      .map((cells) => cells.filter((_, i) => i !== 4))
      .map((cells) =>
        Object.fromEntries(
          keys.map((key, i) => {
            const cell = cells[i] ?? '';
            const original = json.rows[0]![key as keyof ActivityRow];
            const value = cell === '' ? null : typeof original === 'string' ? cell : Number(cell);
            return [key, value];
          }),
        ),
      );
    expect(back).toEqual(json.rows);
  });
});

describe('who may see the dashboard', () => {
  it.each([
    ['council', '/api/council/activity', 200],
    ['admin', '/api/council/activity', 200],
    ['coordinator', '/api/council/activity', 200],
    ['coordinator', '/api/council/activity?district=chuo', 200],
    ['coordinator', '/api/council/activity?district=nagayama', 403],
    ['coordinator', '/api/council/activity.csv?district=nagayama', 403],
    ['coordinator', '/api/council/indicators', 403],
    ['coordinator', '/api/council/centres', 403],
    ['resident', '/api/council/activity', 403],
    ['volunteer', '/api/council/activity', 403],
    ['resident', '/api/council/indicators', 403],
    ['volunteer', '/api/council/activity.csv', 403],
    ['council', '/api/council/indicators', 200],
    ['admin', '/api/council/centres', 200],
    [undefined, '/api/council/activity', 401],
    [undefined, '/api/council/indicators', 401],
    [undefined, '/api/council/activity.csv', 401],
    [undefined, '/api/council/public/summary', 200],
  ])('%s GET %s → %i', async (who, url, status) => {
    const response = await get(url, who);
    expect(response.statusCode).toBe(status);
  });

  it('shows a coordinator only their own districts when no filter is given', async () => {
    const response = await get(`/api/council/activity?fiscalYear=${String(FY)}`, 'coordinator');
    const rows = response.json<{ rows: ActivityRow[] }>().rows;
    expect(rows.map((r) => r.district)).toEqual(['chuo']);
  });

  it('refuses staff value entry to coordinators and residents', async () => {
    for (const who of ['coordinator', 'resident', 'volunteer']) {
      const response = await request(t.app, {
        method: 'POST',
        url: '/api/council/indicators/V3-2-a/values',
        cookie: cookies[who],
        payload: { fiscalYear: 2024, value: 1 },
      });
      expect(response.statusCode).toBe(403);
    }
  });
});

describe('public summary', () => {
  it('gives city totals and hides districts with fewer than 10 requests', async () => {
    const resident = await makeResident(t.database);
    const thisFyStart = `${String(fiscalYearOf(new Date()))}-04-02T10:00:00+09:00`;
    for (let i = 0; i < 10; i += 1) {
      await addRequest({ residentId: resident.id, district: 'chuo', createdAt: thisFyStart });
    }
    for (let i = 0; i < 9; i += 1) {
      await addRequest({ residentId: resident.id, district: 'kagura', createdAt: thisFyStart });
    }
    const response = await get('/api/council/public/summary');
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      requests: number;
      districts: { district: string; requests: number }[];
      suppressedDistricts: number;
      centresTarget: number;
    }>();
    expect(body.districts).toEqual([expect.objectContaining({ district: 'chuo', requests: 10 })]);
    expect(body.suppressedDistricts).toBeGreaterThanOrEqual(1);
    expect(body.requests).toBeGreaterThanOrEqual(19);
    expect(body.centresTarget).toBe(11);
    expect(JSON.stringify(body)).not.toContain('kagura');
  });
});

describe('registry: district import and centres', () => {
  it('rejects the whole CSV when any row is bad, naming each line and field', async () => {
    const csv = [
      'code,name,kana,lat,lon',
      'new-one,新地区,しんちく,43.77,142.36',
      'Bad Code,,かな,43.7,142.3',
      'new-two,新地区2,しんちく2,north,142.3',
      'new-one,重複,ちょうふく,43.7,999',
      'short,row',
    ].join('\n');
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/council/districts/import',
      cookie: cookies.council,
      payload: { csv },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json<{
      error: { fields: { field: string; message: { ja: string; en: string } }[] };
    }>().error.fields;
    expect(fields.map((f) => f.field)).toEqual([
      'csv.line3.code',
      'csv.line3.name',
      'csv.line4.lat',
      'csv.line5.code',
      'csv.line5.lon',
      'csv.line6',
    ]);
    expect(fields[0]!.message.ja).toContain('3行目');
    expect(fields[0]!.message.en).toContain('Line 3');
    const rows = await t.database.db.select().from(districts).where(eq(districts.code, 'new-one'));
    expect(rows).toHaveLength(0);
  });

  it('imports good rows (creating and updating) in one go', async () => {
    const csv =
      '\uFEFFcode,name,kana,lat,lon\r\nnew-one,新地区,しんちく,43.77,142.36\r\nchuo,"中央",ちゅうおう,43.77,142.36\r\n';
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/council/districts/import',
      cookie: cookies.admin,
      payload: { csv },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ imported: 2, created: 1, updated: 1 });
    const coordinator = await request(t.app, {
      method: 'POST',
      url: '/api/council/districts/import',
      cookie: cookies.coordinator,
      payload: { csv },
    });
    expect(coordinator.statusCode).toBe(403);
  });

  it('creates and updates centres; an open centre needs its opening date', async () => {
    const bad = await request(t.app, {
      method: 'POST',
      url: '/api/council/centres',
      cookie: cookies.council,
      payload: { district: 'kagura', name: '神楽第二', status: 'open' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { fields: { field: string }[] } }>().error.fields[0]?.field).toBe(
      'body.openedOn',
    );
    const created = await request(t.app, {
      method: 'POST',
      url: '/api/council/centres',
      cookie: cookies.council,
      payload: { district: 'kagura', name: '神楽第二', status: 'planned' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const opened = await request(t.app, {
      method: 'PUT',
      url: `/api/council/centres/${id}`,
      cookie: cookies.council,
      payload: { district: 'kagura', name: '神楽第二', status: 'open', openedOn: '2026-04-01' },
    });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'open', openedOn: '2026-04-01' });
    const list = await get('/api/council/centres', 'council');
    expect(list.json<{ centres: { id: string }[] }>().centres.some((c) => c.id === id)).toBe(true);
  });
});
