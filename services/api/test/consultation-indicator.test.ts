import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fiscalYearBounds, fiscalYearOf } from '@sasaeai/core';
import { auditEvents, concernNotes, concerns } from '@sasaeai/db/schema';
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

  it('a consultation recorded outside any case counts too; only the district’s coordinators record one', async () => {
    const before = (await v31b()).latest!.value;
    const record = (who: string, district: string, summary: unknown) =>
      request(t.app, {
        method: 'POST',
        url: `/api/concerns/consultations/${district}`,
        cookie: who,
        payload: { summary },
      });
    const made = await record(coord, 'chuo', '近所の 方から 一人暮らしの 方について 相談');
    expect(made.statusCode, made.body).toBe(201);
    expect((await v31b()).latest?.value).toBe(before + 1);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, made.json().id as string));
    expect(audit?.action).toBe('consultation.recorded');
    expect(JSON.stringify(audit?.details)).not.toContain('近所');

    const minsei = await logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role: 'minsei_iin', district: 'chuo' }] })).email,
    );
    expect((await record(minsei, 'chuo', '相談')).statusCode).toBe(403);
    expect((await record(coord, 'nagayama', '相談')).statusCode).toBe(403);
    expect((await record(coord, 'atlantis', '相談')).statusCode).toBe(404);
    expect((await record(council, 'chuo', '相談')).statusCode).toBe(403);
    for (const summary of ['a\u0000b', 'あ'.repeat(501), '  ', 42]) {
      const bad = await record(coord, 'chuo', summary);
      expect(bad.statusCode, JSON.stringify(summary)).toBe(400);
      expect(bad.json().error.fields[0].field).toBe('body.summary');
    }
    expect((await v31b()).latest?.value).toBe(before + 1);
  });
});
