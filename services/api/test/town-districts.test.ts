import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  districts,
  helpRequests,
  outbox,
  residentProfiles,
  townDistricts,
} from '@sasaeai/db/schema';
import { seedReferenceData } from '@sasaeai/db/seed';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident, snowRequest } from './help-loop-fixtures.ts';

let t: TestApp;
let council: string;
let coordinator: string;
let admin: string;
beforeAll(async () => {
  t = await createTestApp({}, 'towns');
  const login = async (role: 'council' | 'admin' | 'coordinator', district?: string) =>
    logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role, ...(district ? { district } : {}) }] })).email,
    );
  council = await login('council');
  admin = await login('admin');
  coordinator = await login('coordinator', 'chuo');
});
afterAll(async () => {
  await t.close();
});

const townRow = async (town: string) =>
  (await t.database.db.select().from(townDistricts).where(eq(townDistricts.town, town)))[0];
const put = (cookie: string | undefined, payload: Record<string, unknown>) =>
  request(t.app, {
    method: 'PUT',
    url: '/api/council/towns',
    payload,
    ...(cookie ? { cookie } : {}),
  });
const importCsv = (cookie: string | undefined, csv: string) =>
  request(t.app, {
    method: 'POST',
    url: '/api/council/towns/import',
    payload: { csv },
    ...(cookie ? { cookie } : {}),
  });
const fieldsOf = (response: { json: () => unknown }) =>
  (response.json() as { error: { fields: { field: string }[] } }).error.fields.map((f) => f.field);

describe('the town table', () => {
  it('is seeded, listed by district and searchable, for council staff only', async () => {
    const all = await request(t.app, { url: '/api/council/towns', cookie: council });
    expect(all.statusCode).toBe(200);
    const towns = all.json().towns as { town: string; district: string }[];
    expect(towns.length).toBeGreaterThanOrEqual(60);
    expect(towns.find((row) => row.town === '宮下通')?.district).toBe('chuo');
    const found = await request(t.app, {
      url: `/api/council/towns?q=${encodeURIComponent('かめ')}`,
      cookie: council,
    });
    expect(found.json().towns.map((row: { town: string }) => row.town)).toEqual(['亀吉']);
    const wildcard = await request(t.app, { url: '/api/council/towns?q=%25', cookie: council });
    expect(wildcard.json().towns).toEqual([]);
    expect((await request(t.app, { url: '/api/council/towns' })).statusCode).toBe(401);
    expect(
      (await request(t.app, { url: '/api/council/towns', cookie: coordinator })).statusCode,
    ).toBe(403);
  });

  it('moves a town and the next address follows at once (the cache is invalidated)', async () => {
    const resident = await makeResident(t.database);
    const cookie = await logInAs(t.app, resident.email);
    const ask = () =>
      request(t.app, {
        method: 'POST',
        url: '/api/help-requests',
        cookie,
        payload: snowRequest({ where: { kind: 'other', address: '旭川市亀吉2条1丁目3-4' } }),
      });
    expect((await ask()).json().request.district).toBe('taisei');
    const moved = await put(council, { town: '亀吉', district: 'toyooka' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({ created: false });
    expect(await townRow('亀吉')).toMatchObject({ source: 'manual' });
    expect((await ask()).json().request.district).toBe('toyooka');
    // Reference data seeded again (a deployment) leaves the staff's edit alone.
    await seedReferenceData({ db: t.database.db });
    expect((await townRow('亀吉'))!.source).toBe('manual');
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'town_district.changed'), eq(auditEvents.subjectId, '亀吉')),
      );
    expect(JSON.stringify(audit!.details)).not.toContain('亀吉');
  });

  it('adds a town (admin too); refuses coordinators, the logged out and bad input', async () => {
    const added = await put(admin, { town: 'パルプ町', kana: 'ぱるぷちょう', district: 'hokusei' });
    expect(added.json()).toEqual({ created: true });
    expect((await put(undefined, { town: 'X町', district: 'chuo' })).statusCode).toBe(401);
    expect((await put(coordinator, { town: 'X町', district: 'chuo' })).statusCode).toBe(403);
    for (const town of ['', 'a\u0000b', 'あ'.repeat(41), '改\n行']) {
      const response = await put(council, { town, district: 'chuo' });
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toContain('body.town');
    }
    const unknown = await put(council, { town: 'X町', district: 'nowhere' });
    expect(unknown.statusCode).toBe(400);
    expect(fieldsOf(unknown)).toEqual(['body.district']);
    expect(await townRow('X町')).toBeUndefined();
  });
});

describe('the town CSV import', () => {
  it('imports every row, creating and moving towns', async () => {
    const csv =
      'town,kana,district,needs_jo\n春光町,しゅんこうちょう,shunkodai,\n新しい町,あたらしいまち,kamui,0\n';
    const response = await importCsv(council, csv);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ imported: 2, created: 1, updated: 1 });
    expect(await townRow('新しい町')).toMatchObject({ source: 'import', needsJo: false });
  });

  it('writes nothing when one line is bad, and names that line', async () => {
    const csv = '宮前,みやまえ,kamui\n宮下通,みやしたどおり,nowhere\n"曙,あけぼの,chuo\n';
    const response = await importCsv(council, csv.split('\n').slice(0, 2).join('\n'));
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['csv.line2.district']);
    expect((await townRow('宮前'))!.source).toBe('seed');
    const quoted = await importCsv(council, csv);
    expect(quoted.statusCode).toBe(400);
    expect(fieldsOf(quoted)[0]).toMatch(/^csv\.line3/);
    const dup = await importCsv(council, '曙,,chuo\n曙,,taisei\n');
    expect(fieldsOf(dup)).toEqual(['csv.line2.town']);
    const cols = await importCsv(council, '曙,chuo\n');
    expect(fieldsOf(cols)).toEqual(['csv.line1']);
  });

  it('refuses NUL, huge text, coordinators and the logged out', async () => {
    expect((await importCsv(council, '曙,\u0000,chuo')).statusCode).toBe(400);
    expect((await importCsv(council, 'a'.repeat(200_001))).statusCode).toBe(400);
    expect((await importCsv(council, `${'あ'.repeat(41)},,chuo`)).statusCode).toBe(400);
    expect((await importCsv(council, '\uD800町,,chuo')).statusCode).toBe(400);
    const file = await request(t.app, {
      method: 'POST',
      url: '/api/council/towns/import',
      cookie: council,
      headers: { 'content-type': 'text/csv' },
      payload: Buffer.from('\uFEFFtown,kana,district\nファイル町,ふぁいるちょう,chuwa\r\n'),
    });
    expect(file.statusCode, file.body).toBe(200);
    expect((await townRow('ファイル町'))!.source).toBe('import');
    expect((await importCsv(coordinator, '曙,,chuo')).statusCode).toBe(403);
    expect((await importCsv(undefined, '曙,,chuo')).statusCode).toBe(401);
    expect((await townRow('曙'))!.districtId).toBeDefined();
    expect((await townRow('曙'))!.source).toBe('seed');
  });

  it('exports the table in the import’s columns, which imports back unchanged', async () => {
    const exported = await request(t.app, { url: '/api/council/towns.csv', cookie: council });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.body).toMatch(/^\uFEFFtown,kana,district,needs_jo\r\n/);
    expect(exported.body).toContain('東,ひがし,shin-asahikawa,1\r\n');
    const back = await importCsv(council, exported.body);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().created).toBe(0);
    expect(
      (await request(t.app, { url: '/api/council/towns.csv', cookie: coordinator })).statusCode,
    ).toBe(403);
  });
});

describe('an address the table cannot place', () => {
  it('is saved unmatched (address_unplaced) with no outbox row; a coordinator picks the district', async () => {
    const resident = await makeResident(t.database);
    const cookie = await logInAs(t.app, resident.email);
    const created = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie,
      payload: snowRequest({ where: { kind: 'other', address: '旭川市未登録町3丁目1-2' } }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().request.id as string;
    const [row] = await t.database.db.select().from(helpRequests).where(eq(helpRequests.id, id));
    expect(row).toMatchObject({ status: 'unmatched', unmatchedReason: 'address_unplaced' });
    const queued = async () =>
      (await t.database.db.select().from(outbox)).filter(
        (message) => (message.payload as { requestId?: string }).requestId === id,
      );
    expect(await queued()).toEqual([]);

    const place = (who: string | undefined, district: string) =>
      request(t.app, {
        method: 'POST',
        url: `/api/help-requests/${id}/district`,
        payload: { district },
        ...(who ? { cookie: who } : {}),
      });
    expect((await place(undefined, 'kamui')).statusCode).toBe(401);
    expect((await place(cookie, 'kamui')).statusCode).toBe(403);
    const other = await logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'kagura' }] })).email,
    );
    expect([403, 404]).toContain((await place(other, 'kamui')).statusCode);
    expect((await place(coordinator, 'nowhere')).statusCode).toBe(400);
    const rematch = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${id}/rematch`,
      cookie: coordinator,
    });
    expect(rematch.statusCode).toBe(409);
    expect(await queued()).toEqual([]);
    const placed = await place(coordinator, 'kamui');
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().request).toMatchObject({ district: 'kamui', status: 'open' });
    const messages = await queued();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.topic).toBe('help_request.created');
    expect((await place(admin, 'chuo')).statusCode).toBe(409);
  });

  it('is still refused when it names another municipality', async () => {
    const resident = await makeResident(t.database);
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: await logInAs(t.app, resident.email),
      payload: snowRequest({ where: { kind: 'other', address: '札幌市中央区北1条西2丁目' } }),
    });
    expect(response.statusCode).toBe(400);
  });

  it('from a coordinator’s phone intake waits in the coordinator’s district', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: coordinator,
      payload: snowRequest({
        where: { kind: 'profile' },
        onBehalfOf: {
          kind: 'new',
          fullName: '旭川 花子',
          fullNameKana: 'あさひかわ はなこ',
          phone: '0166-00-0000',
          address: '旭川市未登録町1丁目',
          consentByPhone: true,
        },
      }),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().request).toMatchObject({ district: 'chuo', status: 'unmatched' });
  });

  it('of a resident registered nowhere waits at the city desk; their district follows the choice', async () => {
    const user = await makeUser(t.database, { roles: [{ role: 'resident' }] });
    await t.database.db.insert(residentProfiles).values({
      userId: user.id,
      fullName: '旭川 太郎',
      phone: '0166-01-0000',
      consentAt: new Date(),
      consentMethod: 'online_form',
    });
    const address = '旭川市未登録町2丁目';
    const created = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: await logInAs(t.app, user.email),
      payload: snowRequest({ where: { kind: 'other', address } }),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().request).toMatchObject({ district: 'chuo', status: 'unmatched' });
    const profile = async () =>
      (
        await t.database.db
          .select({ address: residentProfiles.address, district: districts.code })
          .from(residentProfiles)
          .leftJoin(districts, eq(districts.id, residentProfiles.districtId))
          .where(eq(residentProfiles.userId, user.id))
      )[0];
    expect(await profile()).toEqual({ address, district: null });
    const placed = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${created.json().request.id as string}/district`,
      cookie: coordinator,
      payload: { district: 'nagayama' },
    });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(await profile()).toEqual({ address, district: 'nagayama' });
  });
});
