import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fiscalYearEndInstant, fiscalYearOf } from '@sasaeai/core';
import {
  indicatorValues,
  planIndicators,
  volunteerCentres,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf, makeVolunteer } from './help-loop-fixtures.ts';
import {
  countCentresOpenOn,
  countVolunteersAt,
} from '../src/repositories/council/council-queries.ts';

let t: TestApp;
let council: string;
const currentFy = fiscalYearOf(new Date());

interface HistoryBody {
  values: {
    fiscalYear: { fiscalYear: number };
    value: number | null;
    current: boolean;
    note: string | null;
  }[];
}

beforeAll(async () => {
  t = await createTestApp({}, 'council-ind');
  const db = t.database.db;
  // Fixture centres around the FY2024 / FY2025 boundary (31 March / 1 April 2025).
  await db.delete(volunteerCentres);
  const chuo = await districtIdOf(t.database, 'chuo');
  const nagayama = await districtIdOf(t.database, 'nagayama');
  const kagura = await districtIdOf(t.database, 'kagura');
  await db.insert(volunteerCentres).values([
    { districtId: chuo, name: 'A', nameEn: 'A', status: 'open', openedOn: '2025-03-31' },
    { districtId: nagayama, name: 'B', nameEn: 'B', status: 'open', openedOn: '2025-04-01' },
    {
      districtId: kagura,
      name: 'C',
      nameEn: 'C',
      status: 'closed',
      openedOn: '2023-01-10',
      closedOn: '2025-02-01',
    },
    { districtId: kagura, name: 'D', nameEn: 'D', status: 'planned' },
  ]);
  // Volunteers registered either side of the boundary, in Japan time.
  const at = async (iso: string, kind: 'individual' | 'group' = 'individual') => {
    const user = await makeVolunteer(t.database, 'chuo', {
      kind,
      headcount: kind === 'group' ? 8 : 1,
    });
    await db
      .update(volunteerProfiles)
      .set({ createdAt: new Date(iso) })
      .where(eq(volunteerProfiles.userId, user.id));
    return user;
  };
  await at('2025-03-31T23:59:59.999+09:00');
  await at('2025-04-01T00:00:00+09:00');
  await at('2024-06-01T10:00:00+09:00', 'group');
  const pending = await at('2024-05-01T10:00:00+09:00');
  await db
    .update(volunteerProfiles)
    .set({ verification: 'pending' })
    .where(eq(volunteerProfiles.userId, pending.id));
  const staff = await makeUser(t.database, { roles: [{ role: 'council' }] });
  council = await logInAs(t.app, staff.email);
});

afterAll(async () => {
  await t.close();
});

describe('system indicators at fiscal-year boundaries', () => {
  it('counts centres open on 31 March JST, closed ones while they were open', async () => {
    const db = t.database.db;
    expect(await countCentresOpenOn(db, '2023-03-31')).toBe(1); // C
    expect(await countCentresOpenOn(db, '2025-03-31')).toBe(1); // A (C closed in Feb)
    expect(await countCentresOpenOn(db, '2025-04-01')).toBe(2); // A, B
  });

  it('counts active volunteers registered by the end of each fiscal year', async () => {
    const db = t.database.db;
    expect(await countVolunteersAt(db, fiscalYearEndInstant(2024))).toEqual({
      individuals: 1,
      groups: 1,
    });
    expect(await countVolunteersAt(db, fiscalYearEndInstant(2025))).toEqual({
      individuals: 2,
      groups: 1,
    });
    expect(await countVolunteersAt(db, fiscalYearEndInstant(2023))).toEqual({
      individuals: 0,
      groups: 0,
    });
  });

  it('gives year-end history and today for the centres indicator', async () => {
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators/V4-2-b/history',
      cookie: council,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<HistoryBody>();
    const byFy = new Map(body.values.map((v) => [v.fiscalYear.fiscalYear, v.value]));
    expect(byFy.get(2022)).toBe(1);
    expect(byFy.get(2024)).toBe(1);
    expect(byFy.get(currentFy)).toBe(2);
  });

  it('lists all 35 indicators with labels, path and honest statuses', async () => {
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators',
      cookie: council,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      currentFiscalYear: { fiscalYear: number; ja: string; en: string };
      indicators: {
        code: string;
        targetKind: string;
        status: string;
        latest: { value: number | null } | null;
        baseline: { value: number | null; source: string; fiscalYear: { ja: string } | null };
        target: { value: number | null; fiscalYear: { ja: string; en: string } };
        pathValue: number | null;
      }[];
    }>();
    expect(body.indicators).toHaveLength(35);
    expect(body.currentFiscalYear.en).toBe(`FY${String(currentFy)}`);
    const centres = body.indicators.find((i) => i.code === 'V4-2-b')!;
    expect(centres.target.value).toBe(11);
    expect(centres.target.fiscalYear).toEqual({
      fiscalYear: 2029,
      ja: '令和11年度（2029年度）',
      en: 'FY2029',
    });
    expect(centres.latest?.value).toBe(2);
    expect(centres.baseline).toMatchObject({ value: 1, source: 'computed' }); // C, open on 2023-03-31
    expect(centres.pathValue).not.toBeNull();
    const individuals = body.indicators.find((i) => i.code === 'V2-2-b-individual')!;
    expect(individuals.baseline.value).toBe(525);
    expect(individuals.latest?.value).toBe(2);
    expect(individuals.status).toBe('behind');
    const cont = body.indicators.find((i) => i.code === 'V1-2-d')!;
    expect(cont.targetKind).toBe('continue');
    expect(cont.status).toBe('not_reported');
    expect(cont.pathValue).toBeNull();
    const increase = body.indicators.find((i) => i.code === 'V1-2-b')!;
    expect(increase.status).toBe('no_data');
    expect(increase.target.value).toBeNull();
  });
});

describe('staff-entered values', () => {
  it('keeps corrections as history; the latest per fiscal year wins', async () => {
    const url = '/api/council/indicators/V3-2-a/values';
    const first = await request(t.app, {
      method: 'POST',
      url,
      cookie: council,
      payload: { fiscalYear: 2024, value: 2000, note: '速報値' },
    });
    expect(first.statusCode).toBe(201);
    const second = await request(t.app, {
      method: 'POST',
      url,
      cookie: council,
      payload: { fiscalYear: 2024, value: 2100, note: '確定値に修正' },
    });
    expect(second.statusCode).toBe(201);
    const history = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators/V3-2-a/history',
      cookie: council,
    });
    const values = history.json<HistoryBody>().values;
    expect(values.map((v) => [v.value, v.current])).toEqual([
      [2100, true],
      [2000, false],
    ]);
    const list = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators',
      cookie: council,
    });
    const item = list
      .json<{ indicators: { code: string; latest: { value: number } | null; status: string }[] }>()
      .indicators.find((i) => i.code === 'V3-2-a')!;
    expect(item.latest?.value).toBe(2100);
    // Path for FY2024: 1888 + (3300 − 1888) × 2/7 ≈ 2291; 2100 is behind it.
    expect(item.status).toBe('behind');
  });

  it('records 継続 indicators as text', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/council/indicators/V1-2-d/values',
      cookie: council,
      payload: { fiscalYear: currentFy - 1, valueText: '実施' },
    });
    expect(response.statusCode).toBe(201);
    const list = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators',
      cookie: council,
    });
    const item = list
      .json<{ indicators: { code: string; status: string }[] }>()
      .indicators.find((i) => i.code === 'V1-2-d')!;
    expect(item.status).toBe('reported');
  });

  it('refuses entry for system indicators (409), unknown codes (404), empty values (400)', async () => {
    const system = await request(t.app, {
      method: 'POST',
      url: '/api/council/indicators/V4-2-b/values',
      cookie: council,
      payload: { fiscalYear: 2024, value: 3 },
    });
    expect(system.statusCode).toBe(409);
    expect(system.json<{ error: { message: { ja: string } } }>().error.message.ja).toContain(
      'システム',
    );
    const unknown = await request(t.app, {
      method: 'POST',
      url: '/api/council/indicators/NOPE/values',
      cookie: council,
      payload: { fiscalYear: 2024, value: 3 },
    });
    expect(unknown.statusCode).toBe(404);
    const empty = await request(t.app, {
      method: 'POST',
      url: '/api/council/indicators/V3-2-a/values',
      cookie: council,
      payload: { fiscalYear: 2024 },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ error: { fields: { field: string }[] } }>().error.fields[0]?.field).toBe(
      'body.value',
    );
  });
});

describe('indicator value validation', () => {
  interface FieldErrors {
    error: { fields: { field: string; message: { ja: string; en: string } }[] };
  }
  const post = (payload: Record<string, unknown>) =>
    request(t.app, {
      method: 'POST',
      url: '/api/council/indicators/V3-2-b/values',
      cookie: council,
      payload,
    });

  it('treats a blank value as missing, never as 0', async () => {
    for (const value of ['', '   ']) {
      const response = await post({ fiscalYear: 2023, value });
      expect(response.statusCode, JSON.stringify(value)).toBe(400);
      const fields = response.json<FieldErrors>().error.fields;
      expect(fields.map((f) => f.field)).toEqual(['body.value']);
      expect(fields[0]?.message).toEqual({ ja: '値を入力してください。', en: 'Enter the value.' });
    }
    const history = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators/V3-2-b/history',
      cookie: council,
    });
    expect(history.json<HistoryBody>().values.filter((v) => v.value === 0)).toEqual([]);
  });

  it('refuses booleans and non-numeric text with a field error on value', async () => {
    for (const value of [true, false, 'abc', '1e3']) {
      const response = await post({ fiscalYear: 2023, value });
      expect(response.statusCode, JSON.stringify(value)).toBe(400);
      const fields = response.json<FieldErrors>().error.fields;
      expect(fields[0]?.field).toBe('body.value');
      expect(fields[0]?.message.en).toContain('number');
    }
  });

  it('saves 12.5 whether sent as a number or as the text a form sends', async () => {
    for (const [fiscalYear, value] of [
      [2022, 12.5],
      [2021, '12.5'],
      [2020, ' 12.5 '],
    ] as const) {
      const response = await post({ fiscalYear, value });
      expect(response.statusCode, JSON.stringify(value)).toBe(201);
      expect(response.json<{ value: number | null }>().value).toBe(12.5);
    }
    const history = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators/V3-2-b/history',
      cookie: council,
    });
    const saved = history.json<HistoryBody>().values.filter((v) => v.current);
    expect(saved.map((v) => [v.fiscalYear.fiscalYear, v.value])).toEqual(
      expect.arrayContaining([
        [2022, 12.5],
        [2021, 12.5],
        [2020, 12.5],
      ]),
    );
  });
});

describe('indicator values are bounded, and an unshowable value is never stored', () => {
  const read = (url: string) => request(t.app, { method: 'GET', url, cookie: council });

  it('refuses a 400-digit value with a field error; the indicator pages still answer', async () => {
    const before = await t.database.db.select().from(indicatorValues);
    for (const payload of [
      `{"fiscalYear":2024,"value":"${'9'.repeat(400)}"}`,
      `{"fiscalYear":2024,"value":${'9'.repeat(400)}}`,
      `{"fiscalYear":2024,"value":-${'9'.repeat(400)}}`,
      `{"fiscalYear":2024,"value":"0.${'0'.repeat(398)}1"}`,
      '{"fiscalYear":2024,"value":1e400}',
      '{"fiscalYear":2024,"value":"1000000000000"}',
    ]) {
      const response = await request(t.app, {
        method: 'POST',
        url: '/api/council/indicators/V3-2-b/values',
        cookie: council,
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode, payload.slice(0, 60)).toBe(400);
      const fields = response.json<{
        error: { fields: { field: string; message: { ja: string; en: string } }[] };
      }>().error.fields;
      expect(fields.map((f) => f.field)).toEqual(['body.value']);
      expect(fields[0]!.message.ja).toMatch(/[ぁ-ん一-龥]/);
    }
    expect(await t.database.db.select().from(indicatorValues)).toEqual(before);
    expect((await read('/api/council/indicators')).statusCode).toBe(200);
    expect((await read('/api/council/indicators/V3-2-b/history')).statusCode).toBe(200);
  });

  it('accepts the largest value allowed, to four decimal places', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/council/indicators/V3-2-b/values',
      cookie: council,
      payload: { fiscalYear: 2019, value: '-999999999999.9999' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ value: number }>().value).toBe(-999999999999.9999);
  });

  it('the database itself refuses a value no page could show', async () => {
    const [indicator] = await t.database.db
      .select()
      .from(planIndicators)
      .where(eq(planIndicators.code, 'V3-2-b'));
    for (const value of [Infinity, -Infinity, NaN, 1e13]) {
      const insert = t.database.db
        .insert(indicatorValues)
        .values({ indicatorId: indicator!.id, fiscalYear: 2018, value });
      await expect(insert, String(value)).rejects.toThrow();
    }
    expect((await read('/api/council/indicators')).statusCode).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents the council endpoints under the council tag', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();
    for (const path of [
      '/api/council/indicators',
      '/api/council/indicators/{code}/values',
      '/api/council/indicators/{code}/history',
      '/api/council/activity',
      '/api/council/activity.csv',
      '/api/council/public/summary',
      '/api/council/centres',
      '/api/council/centres/{id}',
      '/api/council/districts/import',
    ]) {
      const operations = Object.values(doc.paths[path] ?? {});
      expect(operations.length, path).toBeGreaterThan(0);
      expect(operations[0]?.tags).toEqual(['council']);
    }
  });
});

describe('paper registers beside the app’s volunteer counts', () => {
  interface ListBody {
    indicators: {
      code: string;
      latest: { value: number | null; note: string | null } | null;
      sources: { app: number; paper: number | null } | null;
    }[];
  }
  const post = (code: string, payload: Record<string, unknown>) =>
    request(t.app, {
      method: 'POST',
      url: `/api/council/indicators/${code}/values`,
      cookie: council,
      payload,
    });
  const individuals = async () => {
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators',
      cookie: council,
    });
    expect(response.statusCode).toBe(200);
    return response.json<ListBody>().indicators.find((i) => i.code === 'V2-2-b-individual')!;
  };

  it('adds this year’s paper figure to the app’s count and says where each part comes from', async () => {
    const before = await individuals();
    expect(before.sources).toEqual({ app: before.latest!.value, paper: null });
    const app = before.sources!.app;

    expect((await post('V2-2-b-individual', { fiscalYear: currentFy, value: 40 })).statusCode).toBe(
      201,
    );
    // A correction for the same year replaces it.
    expect((await post('V2-2-b-individual', { fiscalYear: currentFy, value: 45 })).statusCode).toBe(
      201,
    );
    const after = await individuals();
    expect(after.sources).toEqual({ app, paper: 45 });
    expect(after.latest!.value).toBe(app + 45);
    expect(after.latest!.note).toContain(`紙 45`);

    // Last year's paper register adds to last year's year-end count in the history.
    expect((await post('V2-2-b-individual', { fiscalYear: 2024, value: 7 })).statusCode).toBe(201);
    const history = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators/V2-2-b-individual/history',
      cookie: council,
    });
    const byFy = new Map(
      history.json<HistoryBody>().values.map((v) => [v.fiscalYear.fiscalYear, v]),
    );
    expect(byFy.get(2024)!.value).toBe(1 + 7);
    expect(byFy.get(2024)!.note).toContain('アプリ 1 + 紙 7');
    expect(byFy.get(currentFy)!.value).toBe(app + 45);
  });

  it('takes only a whole number of people, 0 or more; the centres count stays computed only', async () => {
    for (const value of [-1, 2.5, 10 ** 12, 'many', '4\u0000']) {
      const answer = await post('V2-2-b-group', { fiscalYear: currentFy, value });
      expect(answer.statusCode, String(value)).toBe(400);
      expect(answer.json<{ error: { fields: { field: string }[] } }>().error.fields[0]?.field).toBe(
        'body.value',
      );
    }
    const text = await post('V2-2-b-group', { fiscalYear: currentFy, value: 3, valueText: '三' });
    expect(text.statusCode).toBe(400);
    const groups = (
      await request(t.app, { method: 'GET', url: '/api/council/indicators', cookie: council })
    )
      .json<ListBody>()
      .indicators.find((i) => i.code === 'V2-2-b-group')!;
    expect(groups.sources?.paper).toBeNull();
    expect((await post('V4-2-b', { fiscalYear: currentFy, value: 3 })).statusCode).toBe(409);
    const coordinator = await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const refused = await request(t.app, {
      method: 'POST',
      url: '/api/council/indicators/V2-2-b-group/values',
      cookie: await logInAs(t.app, coordinator.email),
      payload: { fiscalYear: currentFy, value: 3 },
    });
    expect(refused.statusCode).toBe(403);
  });
});
