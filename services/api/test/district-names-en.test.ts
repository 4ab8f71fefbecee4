import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { District } from '@sasaeai/contracts';
import { districts } from '@sasaeai/db/schema';
import { createTestApp, logInNewUser, request, type TestApp } from './helper.ts';

let t: TestApp;
let council: string;
let resident: string;
beforeAll(async () => {
  t = await createTestApp({}, 'district_names_en');
  council = await logInNewUser(t, { roles: [{ role: 'council' }] });
  resident = await logInNewUser(t, { roles: [{ role: 'resident' }] });
});
afterAll(async () => {
  await t.close();
});

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

const row = async (code: string) =>
  (await t.database.db.select().from(districts).where(eq(districts.code, code)))[0];

const importCsv = (csv: string, cookie = council) =>
  request(t.app, {
    method: 'POST',
    url: '/api/council/districts/import',
    cookie,
    payload: { csv },
  });

function fieldsOf(response: { statusCode: number; json: () => unknown }): string[] {
  expect(response.statusCode).toBe(400);
  const body = response.json() as {
    error: { fields: { field: string; message: { ja: string; en: string } }[] };
  };
  for (const { message } of body.error.fields) {
    expect(message.ja).toMatch(JAPANESE);
    expect(message.en).toMatch(/[a-z]/);
  }
  return body.error.fields.map((f) => f.field);
}

describe('GET /api/districts names each district in English too', () => {
  it('gives every district its Hepburn name, with no Japanese in it', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/districts' });
    expect(response.statusCode).toBe(200);
    const list = response.json<{ districts: District[] }>().districts;
    expect(list.length).toBeGreaterThan(0);
    const byCode = new Map(list.map((d) => [d.code, d]));
    expect(byCode.get('chuo')).toMatchObject({ name: '中央', nameEn: 'Chuo' });
    expect(byCode.get('shin-asahikawa')).toMatchObject({
      name: '新旭川',
      nameEn: 'Shin-Asahikawa',
    });
    expect(byCode.get('kagura')?.nameEn).toBe('Kagura');
    expect(byCode.get('higashi-asahikawa')?.nameEn).toBe('Higashi-Asahikawa');
    for (const district of list) {
      expect(district.nameEn, district.code).toMatch(/^[A-Z]/);
      expect(district.nameEn, district.code).not.toMatch(JAPANESE);
    }
  });
});

describe('the district import takes an optional name_en column', () => {
  it('sets the English name from the sixth column, trimmed and in NFC', async () => {
    const response = await importCsv(
      'code,name,kana,lat,lon,name_en\nen-one,英一,えいいち,43.7,142.3,  Cafe\u0301 Ichi  \n',
    );
    expect(response.statusCode, response.body).toBe(200);
    expect((await row('en-one'))?.nameEn).toBe('Café Ichi');
  });

  it('keeps the English name when a file of five columns updates the district', async () => {
    expect(
      (await importCsv('code,name,kana,lat,lon,name_en\nen-two,英二,えいに,43.7,142.3,Eini\n'))
        .statusCode,
    ).toBe(200);
    const response = await importCsv(
      'code,name,kana,lat,lon\nen-two,英二（改）,えいに,43.7,142.3\n',
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(await row('en-two')).toMatchObject({ name: '英二（改）', nameEn: 'Eini' });
  });

  it('names a new district from its code when the file has no name_en', async () => {
    const response = await importCsv(
      'code,name,kana,lat,lon\nnishi-goryo,西御料,にしごりょう,43.7,142.3\n',
    );
    expect(response.statusCode, response.body).toBe(200);
    expect((await row('nishi-goryo'))?.nameEn).toBe('Nishi-Goryo');
  });

  it('accepts odd but printable Unicode up to 80 characters after NFC', async () => {
    const decomposed = 'e\u0301'.repeat(80); // 160 code units, 80 characters once composed
    const response = await importCsv(
      `code,name,kana,lat,lon,name_en\nodd-one,奇,き,43.7,142.3,${decomposed}\nodd-two,奇二,きに,43.7,142.3,Kamui 🏔️ ✿\n`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect((await row('odd-one'))?.nameEn).toBe('é'.repeat(80));
    expect((await row('odd-two'))?.nameEn).toBe('Kamui 🏔️ ✿');
  });

  it('refuses an empty, over-long or tabbed English name with a field error, importing nothing', async () => {
    const before = await t.database.db.select().from(districts);
    const response = await importCsv(
      [
        'code,name,kana,lat,lon,name_en',
        'bad-one,悪一,あくいち,43.7,142.3,',
        `bad-two,悪二,あくに,43.7,142.3,${'A'.repeat(81)}`,
        'bad-three,悪三,あくさん,43.7,142.3,Tab\there',
        'chuo,中央,ちゅうおう,43.7,142.3,Chuo Central',
      ].join('\n'),
    );
    expect(fieldsOf(response)).toEqual([
      'csv.line2.name_en',
      'csv.line3.name_en',
      'csv.line4.name_en',
    ]);
    expect(await t.database.db.select().from(districts)).toEqual(before);
    expect((await row('chuo'))?.nameEn).toBe('Chuo');
  });

  it('refuses a garbled English name (a replacement character) naming its cell', async () => {
    const response = await importCsv(
      'code,name,kana,lat,lon,name_en\nchuo,中央,ちゅうおう,43.7,142.3,Ch\uFFFDo\n',
    );
    expect(fieldsOf(response)).toEqual(['csv.line2.name_en']);
    expect((await row('chuo'))?.nameEn).toBe('Chuo');
  });

  it('refuses NUL, other control characters and a huge file at the body, importing nothing', async () => {
    const before = await t.database.db.select().from(districts);
    for (const nameEn of ['Ch\u0000uo', 'Ch\u0007uo', 'Ch\u0085uo', 'Ch\uD800uo']) {
      const response = await importCsv(
        `code,name,kana,lat,lon,name_en\nchuo,中央,ちゅうおう,43.7,142.3,${nameEn}\n`,
      );
      expect(fieldsOf(response), JSON.stringify(nameEn)).toEqual(['body.csv']);
    }
    const huge = await importCsv(
      `code,name,kana,lat,lon,name_en\nchuo,中央,ちゅうおう,43.7,142.3,${'A'.repeat(200_001)}\n`,
    );
    expect(fieldsOf(huge)).toEqual(['body.csv']);
    expect(await t.database.db.select().from(districts)).toEqual(before);
  });

  it('refuses a row of seven columns', async () => {
    const response = await importCsv('chuo,中央,ちゅうおう,43.7,142.3,Chuo,extra\n');
    expect(fieldsOf(response)).toEqual(['csv.line1']);
  });

  it('lets only council staff and admins import', async () => {
    const csv = 'code,name,kana,lat,lon,name_en\nchuo,中央,ちゅうおう,43.7,142.3,Hacked\n';
    const anonymous = await request(t.app, {
      method: 'POST',
      url: '/api/council/districts/import',
      payload: { csv },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await importCsv(csv, resident)).statusCode).toBe(403);
    expect((await row('chuo'))?.nameEn).toBe('Chuo');
  });
});
