import { hoursOf } from '@sasaeai/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, districts, helpRequests } from '@sasaeai/db/schema';
import type { CentreReport } from '@sasaeai/contracts';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { parseCsv } from '../src/use-cases/council/parse-csv.ts';
import {
  expectedFigures,
  FORMULA_NAME,
  FORMULA_VOLUNTEER,
  seedCentre,
  type SeedRequest,
} from './centre-reports-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let seeded: SeedRequest[] = [];
let formulaResidentId = '';
let nagayamaResidentId = '';

beforeAll(async () => {
  t = await createTestApp({}, 'reports');
  const seed = await seedCentre(t.database);
  seeded = seed.seeded;
  formulaResidentId = seed.residents.formula.id;
  nagayamaResidentId = seed.residents.nagayama.id;
  const people = {
    chuo: await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] }),
    kagura: await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'kagura' }] }),
    both: await makeUser(t.database, {
      roles: [
        { role: 'coordinator', district: 'chuo' },
        { role: 'coordinator', district: 'nagayama' },
      ],
    }),
    admin: await makeUser(t.database, { roles: [{ role: 'admin' }] }),
    council: await makeUser(t.database, { roles: [{ role: 'council' }] }),
  };
  for (const [name, person] of Object.entries(people)) {
    cookies[name] = await logInAs(t.app, person.email);
  }
  cookies.resident = await logInAs(t.app, seed.residents.chuo.email);
  cookies.volunteer = await logInAs(t.app, seed.volunteers.single.email);
}, 60_000);
afterAll(async () => {
  await t.close();
});

function get(who: string, url: string) {
  return request(t.app, {
    method: 'GET',
    url,
    ...(who === 'none' ? {} : { cookie: cookies[who] }),
  });
}

const only = (district: string, month?: string) =>
  seeded.filter((r) => r.district === district && (month === undefined || r.month === month));

describe('GET /api/desk/reports', () => {
  it('gives a chuo coordinator the month’s figures, equal to counts made from the seed', async () => {
    const response = await get('chuo', '/api/desk/reports?month=2026-11');
    expect(response.statusCode).toBe(200);
    const report = response.json<CentreReport>();
    // New in November in chuo: the formula-named resident and the individual volunteer.
    const expected = expectedFigures(only('chuo', '2026-11'), { residents: 1, volunteers: 1 });
    expect(expected.requests).toBeGreaterThan(5);
    expect(expected.personHours).toBeGreaterThan(expected.hours);
    expect(report.total).toEqual(expected);
    expect(report.byDistrict.map((row) => row.district.code)).toEqual(['chuo']);
    expect(report.byDistrict[0]).toMatchObject(expected);
    for (const row of report.byCategory) {
      const inCategory = only('chuo', '2026-11').filter((r) => r.category === row.category);
      const { requests, matched, completed, cancelled, waiting } = expectedFigures(inCategory, {
        residents: 0,
        volunteers: 0,
      });
      expect(row, row.category).toEqual({
        category: row.category,
        requests,
        matched,
        completed,
        cancelled,
        waiting,
      });
    }
    expect(report.period).toMatchObject({ kind: 'month', month: '2026-11', ja: '2026年11月' });
  });

  it('gives the fiscal year with fy=2026 (November and December together)', async () => {
    const response = await get('chuo', '/api/desk/reports?fy=2026&district=chuo');
    expect(response.statusCode).toBe(200);
    const report = response.json<CentreReport>();
    // The fiscal year also holds the resident registered in October and the group from September.
    expect(report.total).toEqual(expectedFigures(only('chuo'), { residents: 2, volunteers: 2 }));
    expect(only('chuo', '2026-12').length).toBeGreaterThan(0);
    expect(report.district).toEqual({ code: 'chuo', name: '中央', nameEn: 'Chuo' });
  });

  it('gives an admin any district or the whole city', async () => {
    const nagayama = await get('admin', '/api/desk/reports?month=2026-11&district=nagayama');
    expect(nagayama.statusCode).toBe(200);
    expect(nagayama.json<CentreReport>().total).toEqual(
      expectedFigures(only('nagayama', '2026-11'), { residents: 1, volunteers: 1 }),
    );
    const city = await get('admin', '/api/desk/reports?month=2026-11');
    const report = city.json<CentreReport>();
    expect(report.byDistrict.length).toBe(20);
    expect(report.total.requests).toBe(seeded.filter((r) => r.month === '2026-11').length);
  });

  it('gives a coordinator of two districts a row each and totals that count people once', async () => {
    const report = (await get('both', '/api/desk/reports?month=2026-11')).json<CentreReport>();
    expect(report.byDistrict.map((row) => row.district.code)).toEqual(['chuo', 'nagayama']);
    expect(report.byDistrict[0]).toMatchObject(
      expectedFigures(only('chuo', '2026-11'), { residents: 1, volunteers: 1 }),
    );
    expect(report.byDistrict[1]).toMatchObject(
      expectedFigures(only('nagayama', '2026-11'), { residents: 1, volunteers: 1 }),
    );
    expect(report.total).toEqual(
      expectedFigures(
        seeded.filter((r) => r.month === '2026-11'),
        { residents: 2, volunteers: 2 },
      ),
    );
    expect(report.district).toBeNull();
  });

  it('shows a coordinator of a quiet district zeros, not another district’s figures', async () => {
    const response = await get('kagura', '/api/desk/reports?month=2026-11');
    expect(response.statusCode).toBe(200);
    const report = response.json<CentreReport>();
    expect(report.total.requests).toBe(0);
    expect(report.byDistrict.map((row) => row.district.code)).toEqual(['kagura']);
  });

  it('refuses another district (403), an unknown one (404), strangers (401) and other roles (403)', async () => {
    expect((await get('chuo', '/api/desk/reports?district=nagayama')).statusCode).toBe(403);
    expect((await get('chuo', '/api/desk/reports?district=nowhere')).statusCode).toBe(404);
    expect((await get('none', '/api/desk/reports')).statusCode).toBe(401);
    expect((await get('resident', '/api/desk/reports')).statusCode).toBe(403);
    expect((await get('volunteer', '/api/desk/reports')).statusCode).toBe(403);
    expect((await get('council', '/api/desk/reports')).statusCode).toBe(403);
    const none = await get('none', '/api/desk/exports/residents.csv');
    expect(none.statusCode).toBe(401);
    expect(none.body).not.toContain('北野');
  });

  it('answers a bad month or year with 400 and a field error', async () => {
    const bad: [string, string][] = [
      ['?month=2026-13', 'month'],
      ['?month=2026-00', 'month'],
      ['?month=26-1', 'month'],
      ['?fy=99999999999999999999', 'fy'],
      ['?fy=-1', 'fy'],
      ['?fy=2026.5', 'fy'],
      ['?month=2026-11&fy=2026', 'fy'],
      [`?district=${encodeURIComponent("chuo' or 1=1")}`, 'district'],
    ];
    for (const [query, field] of bad) {
      for (const url of ['/api/desk/reports', '/api/desk/exports/activity.csv']) {
        const response = await get('chuo', `${url}${query}`);
        expect(response.statusCode, query).toBe(400);
        const fields = response.json<{
          error: { fields: { field: string; message: { ja: string; en: string } }[] };
        }>().error.fields;
        expect(fields.map((f) => f.field).join(), query).toContain(field);
        expect(fields[0]!.message.ja, query).toBeTruthy();
        expect(fields[0]!.message.en, query).toBeTruthy();
      }
    }
  });
});

async function csv(who: string, url: string) {
  const response = await get(who, url);
  expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(response.headers['content-disposition']).toMatch(/^attachment; filename="sasaeai-/);
  const raw = response.rawPayload;
  expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(response.body.replace(/^\uFEFF/, ''));
  return { header: rows[0]!, rows: rows.slice(1), body: response.body };
}

describe('GET /api/desk/exports/*.csv', () => {
  it('exports the residents of the coordinator’s districts with formula names neutralised', async () => {
    const { header, rows, body } = await csv('chuo', '/api/desk/exports/residents.csv');
    expect(header[0]).toBe('住民ID / Resident id');
    expect(rows.length).toBe(2);
    const formula = rows.find((row) => row[0] === formulaResidentId)!;
    expect(formula[1]).toBe(`'${FORMULA_NAME}`);
    expect(body).not.toContain('東 ゆき');
    expect(body).toContain('\r\n');
    // Another district's coordinator gets the header and nothing else.
    expect((await csv('kagura', '/api/desk/exports/residents.csv')).rows).toEqual([]);
    expect(
      (await get('chuo', '/api/desk/exports/residents.csv?district=nagayama')).statusCode,
    ).toBe(403);
  });

  it('exports requests with the desk’s filters and names only for the own register', async () => {
    const all = await csv('chuo', '/api/desk/exports/requests.csv');
    expect(all.rows.length).toBe(only('chuo').length);
    expect(all.rows.filter((row) => row[10] === `'${FORMULA_NAME}`).length).toBe(
      only('chuo').filter((r) => r.residentId === formulaResidentId).length,
    );
    expect(all.body).not.toContain(',=HYPERLINK');
    const done = await csv('chuo', '/api/desk/exports/requests.csv?status=done&category=snow');
    expect(done.rows.length).toBe(
      only('chuo').filter((r) => r.status === 'done' && r.category === 'snow').length,
    );
    const city = await csv('admin', '/api/desk/exports/requests.csv');
    expect(city.rows.length).toBe(seeded.length);
    expect((await get('chuo', '/api/desk/exports/requests.csv?status=lost')).statusCode).toBe(400);
    expect((await get('chuo', '/api/desk/exports/requests.csv?district=nagayama')).statusCode).toBe(
      403,
    );
  });

  it('refuses bad export filters with field errors and keeps other districts out', async () => {
    const bad = [
      '/api/desk/exports/requests.csv?q=%00',
      `/api/desk/exports/requests.csv?q=${'あ'.repeat(81)}`,
      '/api/desk/exports/requests.csv?from=2026-13-01',
      '/api/desk/exports/requests.csv?from=2026-12-10&to=2026-12-01',
      '/api/desk/exports/matches.csv?to=99999-01-01',
      '/api/desk/exports/volunteers.csv?district=%F0%9F%98%80',
      '/api/desk/exports/residents.csv?district=chuo%00',
    ];
    for (const url of bad) {
      const response = await get('chuo', url);
      expect(response.statusCode, url).toBe(400);
      expect(
        response.json<{ error: { fields: unknown[] } }>().error.fields.length,
        url,
      ).toBeGreaterThan(0);
    }
    expect((await get('chuo', '/api/desk/exports/everything.csv')).statusCode).toBe(404);
    for (const kind of ['requests', 'matches', 'volunteers', 'residents']) {
      expect((await csv('kagura', `/api/desk/exports/${kind}.csv`)).rows, kind).toEqual([]);
      expect((await get('resident', `/api/desk/exports/${kind}.csv`)).statusCode, kind).toBe(403);
      expect((await get('volunteer', `/api/desk/exports/${kind}.csv`)).statusCode, kind).toBe(403);
      expect((await get('none', `/api/desk/exports/${kind}.csv`)).statusCode, kind).toBe(401);
    }
  });

  it('exports matches with person-hours and volunteers with a neutralised name', async () => {
    const matches = await csv('chuo', '/api/desk/exports/matches.csv');
    const done = only('chuo').filter((r) => r.helper);
    expect(matches.rows.length).toBe(done.length);
    const personHours = matches.rows.reduce((sum, row) => sum + Number(row[10]), 0);
    // Each row shows its person-hours to one decimal place (the core rule's hoursOf).
    const expected = done.reduce(
      (sum, r) => sum + hoursOf(r.helper!.minutes * r.helper!.headcount),
      0,
    );
    expect(personHours).toBeCloseTo(expected, 2);
    expect(matches.body).toContain(`'${FORMULA_VOLUNTEER}`);
    const volunteers = await csv('chuo', '/api/desk/exports/volunteers.csv');
    expect(volunteers.rows.length).toBe(2);
    expect(volunteers.rows.map((row) => row[1])).toContain(`'${FORMULA_VOLUNTEER}`);
  });

  it('exports the report’s rows, equal to the report', async () => {
    const report = (await get('chuo', '/api/desk/reports?month=2026-11')).json<CentreReport>();
    const { header, rows } = await csv('chuo', '/api/desk/exports/activity.csv?month=2026-11');
    const total = rows.find((row) => row[0] === '合計 / total')!;
    expect(Number(total[header.indexOf('依頼 / Requests')])).toBe(report.total.requests);
    expect(Number(total[header.indexOf('延べ活動時間 / Person-hours')])).toBe(
      report.total.personHours,
    );
    expect(rows.filter((row) => row[0] === '種類 / category').length).toBe(6);
  });

  it('audits every export with kind, filters and row count, and no personal data', async () => {
    const { rows } = await csv('chuo', '/api/desk/exports/requests.csv?status=done&q=北野');
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'export.downloaded'), eq(auditEvents.subjectId, 'requests')),
      )
      .orderBy(auditEvents.id);
    const all = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'export.downloaded'));
    const last = all.at(-1)!;
    expect(audit).toBeDefined();
    expect(last.details).toEqual({
      kind: 'requests',
      filters: { status: 'done', q: true },
      rows: rows.length,
    });
    expect(JSON.stringify(all.map((row) => row.details))).not.toContain('北野');
    expect(new Set(all.map((row) => row.subjectId))).toEqual(
      new Set(['requests', 'residents', 'matches', 'volunteers', 'activity']),
    );
  });

  it('leaves out the name of a resident registered in another district (runs last: adds a request)', async () => {
    const [chuo] = await t.database.db
      .select({ id: districts.id })
      .from(districts)
      .where(eq(districts.code, 'chuo'));
    const [row] = await t.database.db
      .insert(helpRequests)
      .values({
        residentId: nagayamaResidentId,
        createdBy: nagayamaResidentId,
        districtId: chuo!.id,
        category: 'visit',
        address: '旭川市',
        windowStart: new Date('2026-12-20T10:00:00+09:00'),
        windowEnd: new Date('2026-12-20T11:00:00+09:00'),
      })
      .returning({ id: helpRequests.id });
    const chuoView = await csv('chuo', '/api/desk/exports/requests.csv');
    const line = chuoView.rows.find((cells) => cells[0] === row!.id)!;
    expect(line[10]).toBe('');
    expect(chuoView.body).not.toContain('東 ゆき');
    const adminView = await csv('admin', '/api/desk/exports/requests.csv?district=chuo');
    expect(adminView.rows.find((cells) => cells[0] === row!.id)![10]).toBe('東 ゆき');
  });
});
