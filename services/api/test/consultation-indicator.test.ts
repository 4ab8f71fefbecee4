import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fiscalYearBounds, fiscalYearOf } from '@sasaeai/core';
import { concernNotes, concerns } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { NAGAYAMA_ADDRESS } from './help-loop-fixtures.ts';
import { makeConcern } from './concern-fixtures.ts';

/** Plan indicator V3-1-b (安心見守り事業 相談件数) is the count of the fiscal year's cases. */
let t: TestApp;
let council = '';
let coord = '';

beforeAll(async () => {
  t = await createTestApp({}, 'consultations');
  council = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'council' }] })).email,
  );
  coord = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
  );
});
afterAll(async () => {
  await t.close();
});

interface Indicator {
  code: string;
  measuredBy: string;
  latest: { value: number; note: string | null } | null;
}
async function v31b(): Promise<Indicator> {
  const response = await request(t.app, {
    method: 'GET',
    url: '/api/council/indicators',
    cookie: council,
  });
  expect(response.statusCode).toBe(200);
  return (response.json().indicators as Indicator[]).find((i) => i.code === 'V3-1-b')!;
}

describe('V3-1-b 相談件数', () => {
  it('equals this fiscal year’s cases plus recorded consultations, and says where it comes from', async () => {
    const before = await v31b();
    expect(before.measuredBy).toBe('system');
    expect(before.latest?.value).toBe(0);

    const first = await makeConcern(t.database);
    await makeConcern(t.database);
    await makeConcern(t.database, 'nagayama', NAGAYAMA_ADDRESS);
    // A case of last fiscal year counts for last year only.
    const old = await makeConcern(t.database);
    const lastFy = fiscalYearOf(new Date()) - 1;
    const inLastFy = new Date(fiscalYearBounds(lastFy).end.getTime() - 60_000);
    await t.database.db
      .update(concerns)
      .set({ createdAt: inLastFy })
      .where(eq(concerns.id, old.concernId));

    // A consultation the coordinator records counts; a plain note does not.
    for (const kind of ['consultation', 'note']) {
      const note = await request(t.app, {
        method: 'POST',
        url: `/api/concerns/${first.concernId}/notes`,
        cookie: coord,
        payload: { text: '娘さんから 電話で 相談', kind },
      });
      expect(note.statusCode).toBe(201);
    }
    const rows = await t.database.db.select().from(concerns);
    const thisFy = rows.filter(
      (r) => fiscalYearOf(r.createdAt) === fiscalYearOf(new Date()),
    ).length;
    expect(thisFy).toBe(3);
    const consultations = (await t.database.db.select().from(concernNotes)).filter(
      (n) => n.kind === 'consultation',
    ).length;

    const after = await v31b();
    expect(after.latest?.value).toBe(thisFy + consultations);
    expect(after.latest?.note).toContain('見守りケース 3 + コーディネーターの相談記録 1');

    const history = await request(t.app, {
      method: 'GET',
      url: '/api/council/indicators/V3-1-b/history',
      cookie: council,
    });
    const values = history.json().values as { fiscalYear: { fiscalYear: number }; value: number }[];
    expect(values.find((v) => v.fiscalYear.fiscalYear === lastFy)?.value).toBe(1);
    expect(values[0]?.value).toBe(4);

    // Computed, so staff cannot type a figure over it.
    const typed = await request(t.app, {
      method: 'POST',
      url: '/api/council/indicators/V3-1-b/values',
      cookie: council,
      payload: { fiscalYear: lastFy, value: 999 },
    });
    expect(typed.statusCode).toBe(409);
  });
});
