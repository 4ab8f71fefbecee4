import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Centre, CouncilCentre, IndicatorView, MeResponse } from '@sasaeai/contracts';
import { volunteerCentres } from '@sasaeai/db/schema';
import { createTestApp, logInAs, logInNewUser, request, type TestApp } from './helper.ts';
import { makeResident } from './help-loop-fixtures.ts';

let t: TestApp;
let council: string;
let resident: string;
let coordinator: string;
beforeAll(async () => {
  t = await createTestApp({}, 'indicator_centre_names_en');
  council = await logInNewUser(t, { roles: [{ role: 'council' }] });
  resident = await logInNewUser(t, { roles: [{ role: 'resident' }] });
  coordinator = await logInNewUser(t, { roles: [{ role: 'coordinator', district: 'chuo' }] });
});
afterAll(async () => {
  await t.close();
});

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

async function councilCentres(): Promise<CouncilCentre[]> {
  const response = await request(t.app, {
    method: 'GET',
    url: '/api/council/centres',
    cookie: council,
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ centres: CouncilCentre[] }>().centres;
}

const create = (payload: Record<string, unknown>, cookie = council) =>
  request(t.app, { method: 'POST', url: '/api/council/centres', cookie, payload });
const update = (id: string, payload: Record<string, unknown>, cookie = council) =>
  request(t.app, { method: 'PUT', url: `/api/council/centres/${id}`, cookie, payload });

function fieldsOf(response: { statusCode: number; body: string; json: () => unknown }): string[] {
  expect(response.statusCode, response.body).toBe(400);
  const body = response.json() as {
    error: { fields: { field: string; message: { ja: string; en: string } }[] };
  };
  for (const { message } of body.error.fields) {
    expect(message.ja).toMatch(JAPANESE);
    expect(message.en).toMatch(/[a-z]/);
  }
  return body.error.fields.map((f) => f.field);
}

describe('GET /api/council/indicators names every indicator in English too', () => {
  it('returns the seed’s translation beside each Japanese name, with no Japanese in it', async () => {
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators',
      cookie: council,
    });
    expect(response.statusCode).toBe(200);
    const list = response.json<{ indicators: IndicatorView[] }>().indicators;
    expect(list).toHaveLength(35); // the plan's indicators, as seeded
    const byCode = new Map(list.map((i) => [i.code, i]));
    expect(byCode.get('V2-1-a')).toMatchObject({
      name: '町内会加入率',
      nameEn: 'Neighbourhood association membership rate',
    });
    expect(byCode.get('V4-2-b')?.nameEn).toBe('Setting up district volunteer centres');
    // The plan's notes come in both languages too.
    expect(byCode.get('V2-3-b')?.baseline).toMatchObject({
      note: '令和4年度末',
      noteEn: 'End of FY2022',
    });
    expect(byCode.get('V3-3-b')?.target).toMatchObject({ note: '毎月1回', noteEn: 'Once a month' });
    // A computed figure's note is given in each language, not both in one text.
    const consultations = byCode.get('V3-1-b')?.latest;
    expect(consultations?.note).toMatch(
      /^見守りケース \d+ \+ コーディネーターの相談記録 \d+（アプリで集計）$/,
    );
    expect(consultations?.noteEn).toMatch(/^watch-over cases \d+ \+ consultations recorded/);
    const volunteers = byCode.get('V2-2-b-individual')?.latest;
    expect(volunteers?.note).toMatch(/^アプリ \d+/);
    expect(volunteers?.noteEn).not.toMatch(JAPANESE);
    for (const indicator of list) {
      expect(indicator.nameEn, indicator.code).not.toMatch(JAPANESE);
      expect(indicator.nameEn, indicator.code).not.toBe(indicator.name);
    }
  });

  it('gives a computed history row its note in each language', async () => {
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators/V4-2-b/history',
      cookie: council,
    });
    expect(response.statusCode).toBe(200);
    const values = response.json<{ values: { note: string; noteEn: string }[] }>().values;
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(value.note).toMatch(/時点$/);
      expect(value.noteEn).toMatch(/^as of /);
    }
  });

  it('is still the council’s and admins’ only (resident 403, logged out 401)', async () => {
    const asResident = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators',
      cookie: resident,
    });
    expect(asResident.statusCode).toBe(403);
    const loggedOut = await request(t.app, { method: 'GET', url: '/api/council/indicators' });
    expect(loggedOut.statusCode).toBe(401);
  });
});

describe('centres carry an English name', () => {
  it('lists the seeded demo centres with English names, to the council and the public', async () => {
    const chuo = (await councilCentres()).find((c) => c.district === 'chuo');
    expect(chuo).toMatchObject({
      name: '中央地区ボランティアセンター',
      nameEn: 'Chuo District Volunteer Centre',
    });
    const open = await t.app.inject({ method: 'GET', url: '/api/districts/centres' });
    expect(open.statusCode).toBe(200);
    const publicChuo = open
      .json<{ centres: Centre[] }>()
      .centres.find((c) => c.district === 'chuo');
    expect(publicChuo?.nameEn).toBe('Chuo District Volunteer Centre');
  });

  it('gives a resident’s centre contact its English name', async () => {
    const chuoResident = await makeResident(t.database);
    const cookie = await logInAs(t.app, chuoResident.email);
    const response = await request(t.app, { method: 'GET', url: '/api/me', cookie });
    expect(response.statusCode).toBe(200);
    const me = response.json<MeResponse>();
    expect(me.centre).toMatchObject({
      name: '中央地区ボランティアセンター',
      nameEn: 'Chuo District Volunteer Centre',
    });
  });

  it('saves an English name trimmed and in NFC, and keeps it when an update leaves it out', async () => {
    const created = await create({
      district: 'kagura',
      name: '神楽岡ボランティアセンター',
      nameEn: '  Kaguraoka Cafe\u0301 Centre  ',
      status: 'planned',
    });
    expect(created.statusCode, created.body).toBe(201);
    const centre = created.json<CouncilCentre>();
    expect(centre.nameEn).toBe('Kaguraoka Café Centre');

    const kept = await update(centre.id, {
      district: 'kagura',
      name: '神楽岡ボランティアセンター',
      status: 'planned',
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json<CouncilCentre>().nameEn).toBe('Kaguraoka Café Centre');

    const renamed = await update(centre.id, {
      district: 'kagura',
      name: '神楽岡ボランティアセンター',
      nameEn: 'Kaguraoka Volunteer Centre',
      status: 'planned',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const [row] = await t.database.db
      .select({ nameEn: volunteerCentres.nameEn })
      .from(volunteerCentres)
      .where(eq(volunteerCentres.id, centre.id));
    expect(row?.nameEn).toBe('Kaguraoka Volunteer Centre');
  });

  it('names a new centre after its district when no English name is sent', async () => {
    const created = await create({ district: 'shunko', name: '春光台センター', status: 'planned' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<CouncilCentre>().nameEn).toBe('Shunko District Volunteer Centre');
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['81 characters', 'A'.repeat(81)],
    ['huge', 'A'.repeat(100_000)],
    ['a NUL character', 'Chuo\u0000Centre'],
    ['a line break', 'Chuo\nCentre'],
    ['a lone surrogate', 'Chuo\uD800Centre'],
    ['a number', 42],
    ['null', null],
  ])('refuses an English name that is %s with a field error, saving nothing', async (_, nameEn) => {
    const before = (await councilCentres()).length;
    const response = await create({
      district: 'chuo',
      name: '中央第二センター',
      nameEn,
      status: 'planned',
    });
    expect(fieldsOf(response)).toContain('body.nameEn');
    expect((await councilCentres()).length).toBe(before);
  });

  it('refuses a bad English name on an update too, leaving the centre as it was', async () => {
    const chuo = (await councilCentres()).find((c) => c.district === 'chuo')!;
    const response = await update(chuo.id, {
      district: 'chuo',
      name: chuo.name,
      nameEn: 'Chuo\u0007',
      status: chuo.status,
      openedOn: chuo.openedOn,
    });
    expect(fieldsOf(response)).toContain('body.nameEn');
    expect((await councilCentres()).find((c) => c.id === chuo.id)?.nameEn).toBe(chuo.nameEn);
  });

  it('accepts 80 characters and odd but valid Unicode', async () => {
    const long = await create({
      district: 'chuo',
      name: '中央長名センター',
      nameEn: 'B'.repeat(80),
      status: 'planned',
    });
    expect(long.statusCode, long.body).toBe(201);
    const odd = await create({
      district: 'chuo',
      name: '中央絵文字センター',
      nameEn: 'Chuo Centre 👍🏽 \u202Eabc',
      status: 'planned',
    });
    expect(odd.statusCode, odd.body).toBe(201);
    expect(odd.json<CouncilCentre>().nameEn).toBe('Chuo Centre 👍🏽 \u202Eabc');
  });

  it('lets only council staff and admins set it (resident and coordinator 403, logged out 401)', async () => {
    const chuo = (await councilCentres()).find((c) => c.district === 'chuo')!;
    const body = {
      district: 'chuo',
      name: chuo.name,
      nameEn: 'Taken Over',
      status: chuo.status,
      openedOn: chuo.openedOn,
    };
    expect((await update(chuo.id, body, resident)).statusCode).toBe(403);
    expect((await update(chuo.id, body, coordinator)).statusCode).toBe(403);
    const loggedOut = await t.app.inject({
      method: 'PUT',
      url: `/api/council/centres/${chuo.id}`,
      payload: body,
    });
    expect(loggedOut.statusCode).toBe(401);
    expect((await create({ ...body, name: '乗っ取り' }, coordinator)).statusCode).toBe(403);
    expect((await councilCentres()).find((c) => c.id === chuo.id)?.nameEn).toBe(
      'Chuo District Volunteer Centre',
    );
  });
});
