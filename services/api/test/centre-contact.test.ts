import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { CouncilCentre, MeResponse } from '@sasaeai/contracts';
import { auditEvents, volunteerCentres } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident } from './help-loop-fixtures.ts';

let t: TestApp;
let council: string;
const KAGURA_ADDRESS = '旭川市神楽3条5丁目1-1';

beforeAll(async () => {
  t = await createTestApp({}, 'centre_contact');
  const staff = await makeUser(t.database, { roles: [{ role: 'council' }] });
  council = await logInAs(t.app, staff.email);
});
afterAll(async () => {
  await t.close();
});

async function centres() {
  const response = await request(t.app, {
    method: 'GET',
    url: '/api/council/centres',
    cookie: council,
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ centres: CouncilCentre[] }>().centres;
}

async function centreOf(district: string) {
  const centre = (await centres()).find((c) => c.district === district);
  if (!centre) throw new Error(`no centre in ${district}`);
  return centre;
}

const put = (id: string, payload: Record<string, unknown>, cookie = council) =>
  request(t.app, { method: 'PUT', url: `/api/council/centres/${id}`, cookie, payload });

async function meOf(cookie: string) {
  const response = await request(t.app, { method: 'GET', url: '/api/me', cookie });
  expect(response.statusCode).toBe(200);
  return response.json<MeResponse>();
}

describe('the registry holds each centre’s phone and opening hours', () => {
  it('lists the seeded demo contact and saves a new one, audited', async () => {
    const kagura = await centreOf('kagura');
    expect(kagura.phone).toBeNull();
    const chuo = await centreOf('chuo');
    expect(chuo).toMatchObject({ phone: '0166-00-1001', hoursJa: expect.stringContaining('見本') });

    const saved = await put(kagura.id, {
      district: 'kagura',
      name: kagura.name,
      status: 'planned',
      phone: '0166-00-2002',
      hoursJa: '火曜日と 木曜日 午前10時から 正午まで',
      hoursEn: 'Tuesdays and Thursdays, 10 am to noon',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ phone: '0166-00-2002', hoursEn: expect.any(String) });
    const audit = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, kagura.id));
    expect(audit.map((a) => a.action)).toContain('centre.updated');
  });

  it('keeps the contact when a body leaves it out, and removes it with null', async () => {
    const toko = await centreOf('toko');
    const kept = await put(toko.id, {
      district: 'toko',
      name: toko.name,
      status: 'open',
      openedOn: toko.openedOn,
    });
    expect(kept.json()).toMatchObject({ phone: toko.phone, hoursJa: toko.hoursJa });
    const removed = await put(toko.id, {
      district: 'toko',
      name: toko.name,
      status: 'open',
      openedOn: toko.openedOn,
      hoursEn: null,
    });
    expect(removed.json()).toMatchObject({ phone: toko.phone, hoursEn: null });
  });

  it.each([
    ['letters', { phone: '0166-ab-1234' }, 'body.phone'],
    ['spaces and brackets', { phone: '(0166) 12 3456' }, 'body.phone'],
    ['a huge number', { phone: '0'.repeat(500) }, 'body.phone'],
    ['a NUL', { phone: '0166-12\u00003456' }, 'body.phone'],
    ['hours over 200 characters', { hoursJa: '月'.repeat(201) }, 'body.hoursJa'],
    ['a NUL in the hours', { hoursEn: 'Mon\u0000Fri' }, 'body.hoursEn'],
    ['a line break in the hours', { hoursJa: '月曜日\n火曜日' }, 'body.hoursJa'],
    ['empty hours', { hoursEn: '   ' }, 'body.hoursEn'],
    ['a number for the hours', { hoursJa: 9 }, 'body.hoursJa'],
  ])('refuses %s with a field error in both languages, changing nothing', async (_, bad, field) => {
    const chuo = await centreOf('chuo');
    const response = await put(chuo.id, {
      district: 'chuo',
      name: chuo.name,
      status: 'open',
      openedOn: chuo.openedOn,
      phone: '0166-99-9999',
      ...bad,
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json<{
      error: { fields: { field: string; message: { ja: string; en: string } }[] };
    }>().error.fields;
    expect(fields.map((f) => f.field)).toContain(field);
    const message = fields.find((f) => f.field === field)!.message;
    expect(message.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(message.en).toMatch(/[a-z]/);
    expect(await centreOf('chuo')).toEqual(chuo);
  });

  it('words a bad phone in plain words', async () => {
    const chuo = await centreOf('chuo');
    const response = await put(chuo.id, {
      district: 'chuo',
      name: chuo.name,
      status: 'open',
      openedOn: chuo.openedOn,
      phone: 'call us',
    });
    const field = response.json<{ error: { fields: { message: { ja: string; en: string } }[] } }>()
      .error.fields[0]!;
    expect(field.message.ja).toContain('ハイフン');
    expect(field.message.en).toContain('digits and hyphens');
  });

  it.each(['coordinator', 'resident', 'volunteer'] as const)(
    'refuses a %s the edit (403)',
    async (role) => {
      const chuo = await centreOf('chuo');
      const user = await makeUser(t.database, {
        roles: [{ role, ...(role === 'coordinator' ? { district: 'chuo' } : {}) }],
      });
      const response = await put(
        chuo.id,
        {
          district: 'chuo',
          name: chuo.name,
          status: 'open',
          openedOn: chuo.openedOn,
          phone: '0166-11-1111',
        },
        await logInAs(t.app, user.email),
      );
      expect(response.statusCode).toBe(403);
      expect((await centreOf('chuo')).phone).toBe(chuo.phone);
    },
  );

  it('refuses a logged-out edit (401)', async () => {
    const chuo = await centreOf('chuo');
    const response = await request(t.app, {
      method: 'PUT',
      url: `/api/council/centres/${chuo.id}`,
      payload: { district: 'chuo', name: chuo.name, status: 'open', phone: '0166-11-1111' },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('a resident sees their own district centre', () => {
  it('gives a resident of 中央 the 中央 centre, in both languages', async () => {
    const resident = await makeResident(t.database);
    const me = await meOf(await logInAs(t.app, resident.email));
    expect(me.centre).toEqual({
      name: '中央地区ボランティアセンター',
      nameEn: 'Chuo District Volunteer Centre',
      phone: '0166-00-1001',
      hours: { ja: expect.stringContaining('見本'), en: expect.stringContaining('demo') },
    });
  });

  it('follows the registry: a planned centre with a phone answers for its district', async () => {
    const resident = await makeResident(t.database, KAGURA_ADDRESS, 'kagura');
    const cookie = await logInAs(t.app, resident.email);
    const kagura = await centreOf('kagura');
    await put(kagura.id, {
      district: 'kagura',
      name: kagura.name,
      status: 'planned',
      phone: '0166-00-3003',
      hoursJa: '平日 9時から',
      hoursEn: null,
    });
    // English missing: the Japanese hours are shown rather than none.
    expect((await meOf(cookie)).centre).toEqual({
      name: kagura.name,
      nameEn: kagura.nameEn,
      phone: '0166-00-3003',
      hours: { ja: '平日 9時から', en: '平日 9時から' },
    });
  });

  it('falls back (null) where the district has no centre phone, or a closed one only', async () => {
    const kamui = await makeResident(t.database, '旭川市神居3条1丁目1-1', 'kamui');
    expect((await meOf(await logInAs(t.app, kamui.email))).centre).toBeNull();

    const shunko = await centreOf('shunko');
    await t.database.db
      .update(volunteerCentres)
      .set({
        phone: '0166-00-4004',
        status: 'closed',
        openedOn: '2020-04-01',
        closedOn: '2024-03-31',
      })
      .where(eq(volunteerCentres.id, shunko.id));
    const resident = await makeResident(t.database, '旭川市春光3条1丁目1-1', 'shunko');
    expect((await meOf(await logInAs(t.app, resident.email))).centre).toBeNull();
  });

  it('gives no centre to someone who is not a resident', async () => {
    const volunteer = await makeUser(t.database, {
      roles: [{ role: 'volunteer' }],
      volunteerDistricts: ['chuo'],
    });
    expect((await meOf(await logInAs(t.app, volunteer.email))).centre).toBeNull();
  });
});
