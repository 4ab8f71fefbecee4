import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { districts } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';

/** As Excel saves "CSV (comma delimited)" on Japanese Windows: Shift_JIS (CP932), CRLF. */
const shiftJisCsv = readFileSync(new URL('./fixtures/districts-shift-jis.csv', import.meta.url));

let t: TestApp;
let council: string;
beforeAll(async () => {
  t = await createTestApp({}, 'csv-encoding');
  council = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'council' }] })).email,
  );
});
afterAll(async () => {
  await t.close();
});

const nameOf = async (code: string) =>
  (await t.database.db.select().from(districts).where(eq(districts.code, code)))[0]?.name;

const upload = (payload: Buffer, contentType = 'text/csv') =>
  request(t.app, {
    method: 'POST',
    url: '/api/council/districts/import',
    cookie: council,
    headers: { 'content-type': contentType },
    payload,
  });

function expectCsvError(response: { statusCode: number; json: () => unknown }, field: string) {
  expect(response.statusCode).toBe(400);
  const fields = (
    response.json() as {
      error: { fields: { field: string; message: { ja: string; en: string } }[] };
    }
  ).error.fields;
  const named = fields.find((entry) => entry.field === field);
  expect(named, JSON.stringify(fields)).toBeDefined();
  expect(named!.message.ja).toMatch(/[ぁ-ん一-龥]/);
  expect(named!.message.en).toMatch(/[a-z]/);
}

describe('a district CSV file is read in the encoding it was saved in', () => {
  it('reads a Shift_JIS file (as Excel saves it) without mojibake', async () => {
    expect(shiftJisCsv.toString('utf8')).toContain('\uFFFD'); // not UTF-8 at all
    const response = await upload(shiftJisCsv);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ imported: 2, created: 1, updated: 1 });
    expect(await nameOf('chuo')).toBe('中央（旭川駅前）');
    expect(await nameOf('sjis-takasago')).toBe('髙砂台①');
  });

  it('reads UTF-8, with or without a byte-order mark', async () => {
    for (const [code, bytes] of [
      ['utf8-plain', Buffer.from('code,name,kana,lat,lon\nutf8-plain,神居,かむい,43.7,142.3\n')],
      [
        'utf8-bom',
        Buffer.from('\uFEFFcode,name,kana,lat,lon\r\nutf8-bom,神楽,かぐら,43.7,142.3\r\n'),
      ],
    ] as const) {
      const response = await upload(bytes, 'text/csv; charset=utf-8');
      expect(response.statusCode, response.body).toBe(200);
      expect(await nameOf(code)).toMatch(/^神/);
    }
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS with a field error, importing nothing', async () => {
    const before = await t.database.db.select().from(districts);
    const response = await upload(
      Buffer.concat([
        Buffer.from('code,name,kana,lat,lon\nbad-bytes,'),
        Buffer.from([0xff, 0xfe, 0x80, 0xa0]),
        Buffer.from(',x,43,142\n'),
      ]),
    );
    expectCsvError(response, 'body.csv');
    expect(await t.database.db.select().from(districts)).toEqual(before);
  });

  it('refuses text that was already decoded wrongly (a replacement character), naming the cell', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/council/districts/import',
      cookie: council,
      payload: { csv: shiftJisCsv.toString('utf8') },
    });
    expectCsvError(response, 'csv.line2.name');
    expect(await nameOf('chuo')).toBe('中央（旭川駅前）');
  });

  it('refuses a stray quotation mark with a field error naming its line, importing nothing', async () => {
    const csv = 'code,name,kana,lat,lon\nchuo,中央"駅前,ちゅうおう,43.77,142.36\n';
    const response = await upload(Buffer.from(csv, 'utf8'));
    expectCsvError(response, 'csv.line2');
    expect(await nameOf('chuo')).toBe('中央（旭川駅前）');
  });
});
