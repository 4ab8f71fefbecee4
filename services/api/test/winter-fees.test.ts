import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, residentProfiles, winterPayments } from '@sasaeai/db/schema';
import { parse } from 'csv-parse/sync';
import { jstToday, seasonToRegisterFor } from '@sasaeai/core';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident, NAGAYAMA_ADDRESS } from './help-loop-fixtures.ts';

const season = seasonToRegisterFor(jstToday(new Date()));
const today = jstToday(new Date());

let t: TestApp;
let chuoCookie: string;
let nagayamaCookie: string;
beforeAll(async () => {
  t = await createTestApp();
  const chuo = await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] });
  const nagayama = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'nagayama' }],
  });
  chuoCookie = await logInAs(t.app, chuo.email);
  nagayamaCookie = await logInAs(t.app, nagayama.email);
});
afterAll(async () => t.close());

let codes = 0;
async function makeClass(cookie: string, overrides: Record<string, unknown> = {}) {
  codes += 1;
  const response = await request(t.app, {
    method: 'POST',
    url: '/api/winter-fees/classes',
    cookie,
    payload: {
      code: `T${String(codes)}`,
      nameJa: '一般世帯',
      nameEn: 'Standard household',
      seasonFeeYen: 12000,
      ...overrides,
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; code: string; seasonFeeYen: number };
}

const pay = (residentId: string, cookie: string, payload: Record<string, unknown>) =>
  request(t.app, {
    method: 'POST',
    url: `/api/winter-fees/households/${residentId}/payments`,
    cookie,
    payload: { seasonYear: season, amountYen: 6000, paidOn: today, method: 'cash', ...payload },
  });

describe('paid winter service fees (福祉除雪)', () => {
  it('fee classes are data the centre edits; a fee already set keeps its amount', async () => {
    const feeClass = await makeClass(chuoCookie);
    const resident = await makeResident(t.database);
    const set = await request(t.app, {
      method: 'PUT',
      url: `/api/winter-fees/households/${resident.id}`,
      cookie: chuoCookie,
      payload: { seasonYear: season, feeClassId: feeClass.id },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ seasonFeeYen: 12000, paidYen: 0, district: 'chuo' });

    const repriced = await request(t.app, {
      method: 'PUT',
      url: `/api/winter-fees/classes/${feeClass.id}`,
      cookie: chuoCookie,
      payload: { code: feeClass.code, nameJa: '一般', nameEn: 'Standard', seasonFeeYen: 15000 },
    });
    expect(repriced.statusCode).toBe(200);
    expect(repriced.json()).toMatchObject({ seasonFeeYen: 15000, active: true });
    const view = await request(t.app, {
      method: 'GET',
      url: `/api/winter-fees/households/${resident.id}?season=${String(season)}`,
      cookie: chuoCookie,
    });
    expect(view.json()).toMatchObject({ seasonFeeYen: 12000, feeClass: { seasonFeeYen: 15000 } });

    const list = await request(t.app, {
      method: 'GET',
      url: '/api/winter-fees/classes',
      cookie: chuoCookie,
    });
    expect(list.json().classes.map((c: { id: string }) => c.id)).toContain(feeClass.id);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, feeClass.id));
    expect(audits.map((a) => a.action).sort()).toEqual([
      'winter_fee_class.created',
      'winter_fee_class.updated',
    ]);
  });

  it('refuses bad classes: negative, huge, fractional fee, bad code, NUL, taken code, retired class', async () => {
    const bad = [
      { seasonFeeYen: -1 },
      { seasonFeeYen: 1_000_001 },
      { seasonFeeYen: 1e308 },
      { seasonFeeYen: 100.5 },
      { seasonFeeYen: '1000' },
      { code: '=1+1' },
      { code: '' },
      { nameJa: 'a\u0000b' },
      { nameJa: 'x'.repeat(61) },
      { nameEn: '\uD800' },
    ];
    for (const overrides of bad) {
      const response = await request(t.app, {
        method: 'POST',
        url: '/api/winter-fees/classes',
        cookie: chuoCookie,
        payload: { code: 'OK', nameJa: '区分', nameEn: 'Class', seasonFeeYen: 100, ...overrides },
      });
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(response.json().error.fields[0].message.ja).toBeTruthy();
      expect(response.json().error.fields[0].message.en).toBeTruthy();
    }
    const taken = await makeClass(chuoCookie);
    const again = await request(t.app, {
      method: 'POST',
      url: '/api/winter-fees/classes',
      cookie: chuoCookie,
      payload: { code: taken.code, nameJa: '区分', nameEn: 'Class', seasonFeeYen: 0 },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields[0].field).toBe('body.code');

    const retired = await makeClass(chuoCookie, { active: false });
    const resident = await makeResident(t.database);
    const set = await request(t.app, {
      method: 'PUT',
      url: `/api/winter-fees/households/${resident.id}`,
      cookie: chuoCookie,
      payload: { seasonYear: season, feeClassId: retired.id },
    });
    expect(set.statusCode).toBe(400);
    expect(set.json().error.fields[0].field).toBe('body.feeClassId');
  });

  it('records payments (audited) and refuses negative, zero, huge, future and non-integer ones', async () => {
    const resident = await makeResident(t.database);
    const ok = await pay(resident.id, chuoCookie, { amountYen: 6000, method: 'bank_transfer' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ paidYen: 6000, seasonFeeYen: null });
    expect(ok.json().payments[0]).toMatchObject({ amountYen: 6000, method: 'bank_transfer' });
    const paymentId = ok.json().payments[0].id as string;
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'winter_payment.recorded'),
          eq(auditEvents.subjectId, paymentId),
        ),
      );
    expect(audit?.details).toMatchObject({ amountYen: 6000, seasonYear: season });

    for (const payload of [
      { amountYen: -100 },
      { amountYen: 0 },
      { amountYen: 1_000_001 },
      { amountYen: Number.MAX_SAFE_INTEGER + 2 },
      { amountYen: 10.5 },
      { amountYen: '6000' },
      { method: 'bitcoin' },
      { paidOn: '2026-02-30' },
      { paidOn: '9999-12-31' },
      { paidOn: `${String(season - 1)}-12-01` },
      { seasonYear: 99999 },
    ]) {
      const response = await pay(resident.id, chuoCookie, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const stored = await t.database.db
      .select()
      .from(winterPayments)
      .where(eq(winterPayments.residentId, resident.id));
    expect(stored).toHaveLength(1);
  });

  it('another district’s household and export are 404; volunteers, residents and the logged-out are refused', async () => {
    const other = await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama');
    const feeClass = await makeClass(nagayamaCookie);
    expect(
      (
        await request(t.app, {
          method: 'GET',
          url: `/api/winter-fees/households/${other.id}`,
          cookie: chuoCookie,
        })
      ).statusCode,
    ).toBe(404);
    expect((await pay(other.id, chuoCookie, {})).statusCode).toBe(404);
    const set = await request(t.app, {
      method: 'PUT',
      url: `/api/winter-fees/households/${other.id}`,
      cookie: chuoCookie,
      payload: { seasonYear: season, feeClassId: feeClass.id },
    });
    expect(set.statusCode).toBe(404);
    expect((await pay(crypto.randomUUID(), chuoCookie, {})).statusCode).toBe(404);
    const exported = await request(t.app, {
      method: 'GET',
      url: `/api/winter-fees/districts/nagayama/export.csv?season=${String(season)}`,
      cookie: chuoCookie,
    });
    expect(exported.statusCode).toBe(404);
    const unknown = await request(t.app, {
      method: 'GET',
      url: '/api/winter-fees/districts/atlantis/export.csv',
      cookie: chuoCookie,
    });
    expect(unknown.statusCode).toBe(404);
    const badSeason = await request(t.app, {
      method: 'GET',
      url: '/api/winter-fees/districts/chuo/export.csv?season=20x6',
      cookie: chuoCookie,
    });
    expect(badSeason.statusCode).toBe(400);

    const resident = await makeResident(t.database);
    const residentCookie = await logInAs(t.app, resident.email);
    expect((await pay(resident.id, residentCookie, {})).statusCode).toBe(403);
    expect((await pay(resident.id, '', {})).statusCode).toBe(401);
    const classByResident = await request(t.app, {
      method: 'POST',
      url: '/api/winter-fees/classes',
      cookie: residentCookie,
      payload: { code: 'R', nameJa: '区分', nameEn: 'Class', seasonFeeYen: 0 },
    });
    expect(classByResident.statusCode).toBe(403);
    const volunteer = await makeUser(t.database, {
      roles: [{ role: 'volunteer' }],
      volunteerDistricts: ['chuo'],
    });
    const volunteerCookie = await logInAs(t.app, volunteer.email);
    expect((await pay(resident.id, volunteerCookie, {})).statusCode).toBe(403);
    const volunteerExport = await request(t.app, {
      method: 'GET',
      url: '/api/winter-fees/districts/chuo/export.csv',
      cookie: volunteerCookie,
    });
    expect(volunteerExport.statusCode).toBe(403);
    const loggedOut = await request(t.app, {
      method: 'GET',
      url: '/api/winter-fees/districts/chuo/export.csv',
    });
    expect(loggedOut.statusCode).toBe(401);
  });

  it('exports the district’s fees and payments as CSV with a BOM and formulas neutralised', async () => {
    const feeClass = await makeClass(chuoCookie, { nameJa: '+区分', seasonFeeYen: 8000 });
    const attacker = await makeResident(t.database);
    await t.database.db
      .update(residentProfiles)
      .set({ fullName: '=HYPERLINK("http://evil.example","x")', fullNameKana: 'あ' })
      .where(eq(residentProfiles.userId, attacker.id));
    const fullWidth = await makeResident(t.database);
    await t.database.db
      .update(residentProfiles)
      .set({ fullName: '＝1+1', fullNameKana: 'い' })
      .where(eq(residentProfiles.userId, fullWidth.id));
    await request(t.app, {
      method: 'PUT',
      url: `/api/winter-fees/households/${attacker.id}`,
      cookie: chuoCookie,
      payload: { seasonYear: season, feeClassId: feeClass.id },
    });
    await request(t.app, {
      method: 'PUT',
      url: `/api/winter-fees/households/${fullWidth.id}`,
      cookie: chuoCookie,
      payload: { seasonYear: season, feeClassId: feeClass.id },
    });
    expect((await pay(attacker.id, chuoCookie, { amountYen: 3000 })).statusCode).toBe(201);
    expect((await pay(attacker.id, chuoCookie, { amountYen: 5000 })).statusCode).toBe(201);
    // Another district's payment never appears in chuo's file.
    const other = await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama');
    expect((await pay(other.id, nagayamaCookie, { amountYen: 777 })).statusCode).toBe(201);

    const response = await request(t.app, {
      method: 'GET',
      url: `/api/winter-fees/districts/chuo/export.csv?season=${String(season)}`,
      cookie: chuoCookie,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain(
      `sasaeai-winter-fees-chuo-${String(season)}.csv`,
    );
    const body = response.rawPayload;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text).toContain('\r\n');
    expect(text).not.toContain('777');
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]![1]).toBe('世帯 / Household');
    const attackerRows = rows.filter((r) => r[1]!.includes('HYPERLINK'));
    expect(attackerRows).toHaveLength(2);
    for (const row of attackerRows) {
      expect(row[1]).toBe(`'=HYPERLINK("http://evil.example","x")`);
      expect(row[3]).toBe("'+区分");
      expect(row[4]).toBe('8000');
    }
    expect(attackerRows.map((r) => r[6])).toEqual(['3000', '5000']);
    const fullWidthRow = rows.find((r) => r[1]!.includes('1+1'));
    expect(fullWidthRow?.[1]).toBe("'＝1+1");
    expect(fullWidthRow?.[6]).toBe('');
    // No cell begins with a formula character.
    for (const cell of rows.slice(1).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
  });

  it('voids a payment recorded by mistake: kept and marked, no longer paid, once, audited', async () => {
    const resident = await makeResident(t.database);
    const wrong = await pay(resident.id, chuoCookie, { amountYen: 60000 });
    expect(wrong.statusCode).toBe(201);
    const paymentId = wrong.json<{ payments: { id: string }[] }>().payments[0]!.id;
    const voidIt = (cookie: string | undefined, id: string, payload: Record<string, unknown>) =>
      request(t.app, {
        method: 'POST',
        url: `/api/winter-fees/households/${resident.id}/payments/${id}/void`,
        ...(cookie ? { cookie } : {}),
        payload,
      });
    // Refused, and nothing written: no reason, a NUL, a huge reason, another district, logged out.
    expect((await voidIt(chuoCookie, paymentId, {})).statusCode).toBe(400);
    expect((await voidIt(chuoCookie, paymentId, { reason: 'a\u0000b' })).statusCode).toBe(400);
    expect((await voidIt(chuoCookie, paymentId, { reason: 'x'.repeat(201) })).statusCode).toBe(400);
    expect((await voidIt(nagayamaCookie, paymentId, { reason: '二重登録' })).statusCode).toBe(404);
    expect((await voidIt(undefined, paymentId, { reason: '二重登録' })).statusCode).toBe(401);
    const elsewhere = await makeResident(t.database);
    const otherPayment = (await pay(elsewhere.id, chuoCookie, {})).json<{
      payments: { id: string }[];
    }>().payments[0]!.id;
    // Another household's payment under this household's path: not found.
    expect((await voidIt(chuoCookie, otherPayment, { reason: '二重登録' })).statusCode).toBe(404);
    const [untouched] = await t.database.db
      .select()
      .from(winterPayments)
      .where(eq(winterPayments.id, paymentId));
    expect(untouched!.voidedAt).toBeNull();

    const voided = await voidIt(chuoCookie, paymentId, { reason: '金額の 入力まちがい' });
    expect(voided.statusCode, voided.body).toBe(200);
    const fees = voided.json<{
      paidYen: number;
      payments: { id: string; voided: { reason: string; by: string } | null }[];
    }>();
    expect(fees.paidYen).toBe(0);
    expect(fees.payments).toHaveLength(1);
    expect(fees.payments[0]!.voided?.reason).toBe('金額の 入力まちがい');
    expect(
      (await pay(resident.id, chuoCookie, { amountYen: 6000 })).json<{ paidYen: number }>().paidYen,
    ).toBe(6000);
    expect((await voidIt(chuoCookie, paymentId, { reason: 'もう一度' })).statusCode).toBe(409);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'winter_payment.voided'), eq(auditEvents.subjectId, paymentId)),
      );
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.details)).not.toContain('まちがい');

    const csv = await request(t.app, {
      method: 'GET',
      url: `/api/winter-fees/districts/chuo/export.csv?season=${String(season)}`,
      cookie: chuoCookie,
    });
    const rows = parse(csv.rawPayload.toString('utf8').slice(1)) as string[][];
    expect(rows[0]![10]).toBe('取り消し日時 / Voided at');
    const voidedRow = rows.find((r) => r[6] === '60000');
    expect(voidedRow?.[10]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
