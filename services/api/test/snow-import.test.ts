import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, inArray } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { helpRequests, snowEvents } from '@sasaeai/db/schema';
import { parseJmaSnowfall } from '../src/use-cases/snow/parse-jma-csv.ts';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident } from './help-loop-fixtures.ts';
import { makeRegistration, snowDay } from './snow-fixtures.ts';
import { addDays } from '@sasaeai/core';

/** Asahikawa, 27 Nov – 2 Dec 2026, daily 降雪量合計 and 最深積雪 with all three extra columns. */
const sample = readFileSync(new URL('./fixtures/jma-asahikawa-snowfall.csv', import.meta.url));
const sampleText = iconv.decode(sample, 'Shift_JIS');
const shiftJis = (text: string) => iconv.encode(text, 'Shift_JIS');

/** The sample moved so that its last day is today (JST): what a council would upload now. */
function sampleEndingToday(): { csv: Buffer; days: string[] } {
  const sampleDays = [
    '2026/11/27',
    '2026/11/28',
    '2026/11/29',
    '2026/11/30',
    '2026/12/1',
    '2026/12/2',
  ];
  const days = sampleDays.map((_, index) => addDays(snowDay(), index - (sampleDays.length - 1)));
  // Line by line, so that a moved date never meets a line still to be moved.
  const text = sampleText
    .split('\r\n')
    .map((line) => {
      const index = sampleDays.findIndex((day) => line.startsWith(`${day},`));
      if (index < 0) return line;
      const [y, m, d] = days[index]!.split('-').map(Number);
      return `${String(y)}/${String(m)}/${String(d)}${line.slice(sampleDays[index]!.length)}`;
    })
    .join('\r\n');
  return { csv: shiftJis(text), days };
}

let t: TestApp;
let council: string;
let coordinator: string;
const registrationIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  council = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'council' }] })).email,
  );
  coordinator = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
  );
  for (const thresholdCm of [10, 30]) {
    const resident = await makeResident(t.database);
    registrationIds.push((await makeRegistration(t.database, resident.id, { thresholdCm })).id);
  }
});
afterAll(async () => t.close());

const upload = (cookie: string, body: Buffer, query = 'districts=chuo&districts=nagayama') =>
  request(t.app, {
    method: 'POST',
    url: `/api/snow-events/import?${query}`,
    cookie,
    headers: { 'content-type': 'text/csv' },
    payload: body,
  });

async function eventCount() {
  const [row] = await t.database.db.select({ n: count() }).from(snowEvents);
  return row!.n;
}

describe('JMA CSV parsing', () => {
  it('reads each day’s 降雪量合計 by its headers, with missing and no-snow days', () => {
    expect(
      parseJmaSnowfall(sample, '旭川').map(({ date, snowfallCm }) => [date, snowfallCm]),
    ).toEqual([
      ['2026-11-27', 0],
      ['2026-11-28', null],
      ['2026-11-29', 3],
      ['2026-11-30', 15],
      ['2026-12-01', 0],
      ['2026-12-02', 22],
    ]);
  });

  it('reads the same file pasted as UTF-8 text (the upload page’s paste box)', () => {
    expect(parseJmaSnowfall(Buffer.from(sampleText, 'utf8'), '旭川')).toEqual(
      parseJmaSnowfall(sample, '旭川'),
    );
  });

  it('reads a file downloaded without the extra columns', () => {
    const plain = shiftJis(
      'ダウンロードした時刻：2026/12/02 09:15:31\r\n\r\n,旭川,旭川\r\n年月日,最深積雪(cm),降雪量合計(cm)\r\n2026/12/1,14,0\r\n2026/12/2,35,22\r\n',
    );
    expect(parseJmaSnowfall(plain, '旭川').map((d) => d.snowfallCm)).toEqual([0, 22]);
  });

  it('names the station that is not in the file', () => {
    expect(() => parseJmaSnowfall(sample, '札幌')).toThrow(/line 3/);
  });
});

describe('POST /api/snow-events/import', () => {
  it('a bad line rejects the whole file, naming the line and why', async () => {
    const bad = shiftJis(sampleText.replace('2026/11/30,15,', '2026/11/30,lots,'));
    const response = await upload(council, bad);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.message.ja).toContain('9行目');
    expect(error.message.en).toContain('line 9');
    expect(error.fields[0].message.ja).toContain('「lots」');
    expect(await eventCount()).toBe(0);
  });

  it('a date that cannot be read, and a file that is not the JMA’s, are refused', async () => {
    const badDate = await upload(council, shiftJis(sampleText.replace('2026/12/1,', '2026/13/1,')));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message.en).toContain('line 10');
    const utf8 = await upload(council, Buffer.from('年月日,降雪量合計(cm)\n2026/12/2,22\n'));
    expect(utf8.statusCode).toBe(400);
    expect(utf8.json().error.message.en).toContain('line 1');
    expect(await eventCount()).toBe(0);
  });

  it('unknown districts are field errors and a coordinator imports only for their own', async () => {
    const unknown = await upload(council, sample, 'districts=chuo&districts=atlantis');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0].field).toBe('query.districts.1');
    expect((await upload(coordinator, sample)).statusCode).toBe(403);
    expect(await eventCount()).toBe(0);
  });

  it('imports every day of 1 cm or more as a snow event in each district, once', async () => {
    const { csv, days } = sampleEndingToday();
    const response = await upload(council, csv);
    expect(response.statusCode).toBe(200);
    // Three snowy days × two districts. Today's 22 cm reaches both thresholds' first (10 cm)
    // household, whose morning is still ahead; the 15 cm two days ago reached it too, but those
    // mornings are past: recorded, not worked.
    expect(response.json()).toMatchObject({
      days: 6,
      snowyDays: 3,
      created: 1,
      alreadyExisted: 0,
      tooLate: 1,
    });
    const events = response.json().events as {
      district: string;
      observedOn: string;
      cm: number;
      source: string;
    }[];
    expect(events).toHaveLength(6);
    expect(events.every((e) => e.source === 'jma')).toBe(true);
    expect(
      events
        .filter((e) => e.district === 'chuo')
        .map((e) => [e.observedOn, e.cm])
        .sort(),
    ).toEqual([
      [days[2], 3],
      [days[3], 15],
      [days[5], 22],
    ]);
    const requests = await t.database.db
      .select()
      .from(helpRequests)
      .where(inArray(helpRequests.winterRegistrationId, registrationIds));
    expect(requests.map((r) => r.winterRegistrationId)).toEqual([registrationIds[0]]);

    const again = await upload(coordinator, csv, 'districts=chuo');
    expect(again.json()).toMatchObject({ created: 0, alreadyExisted: 1, tooLate: 1 });
    expect(await eventCount()).toBe(6);
  });
});
