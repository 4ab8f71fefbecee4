import { auditEvents, districtSettings } from '@sasaeai/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf } from './help-loop-fixtures.ts';

let t: TestApp;
let coordinator: { id: string; email: string };
let cookie: string;
const url = '/api/districts/chuo/settings';
const base = { autoApproveTrusted: false, offerTtlHours: 12 };

beforeAll(async () => {
  t = await createTestApp({}, 'snowfive');
  coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  cookie = await logInAs(t.app, coordinator.email);
});
afterAll(async () => {
  await t.close();
});

async function stored(): Promise<boolean | undefined> {
  const [row] = await t.database.db
    .select({ early: districtSettings.snowOffersFromFive })
    .from(districtSettings)
    .where(eq(districtSettings.districtId, await districtIdOf(t.database, 'chuo')));
  return row?.early;
}

describe('snow offers from 05:00 (the centre’s setting)', () => {
  it('is off by default, set by the district’s coordinator, audited, and kept when omitted', async () => {
    const first = await request(t.app, { method: 'GET', url, cookie });
    expect(first.json()).toMatchObject({ snowOffersFromFive: false });

    const on = await request(t.app, {
      method: 'PUT',
      url,
      cookie,
      payload: { ...base, snowOffersFromFive: true },
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ snowOffersFromFive: true });
    expect(await stored()).toBe(true);

    const omitted = await request(t.app, { method: 'PUT', url, cookie, payload: base });
    expect(omitted.json()).toMatchObject({ snowOffersFromFive: true });

    const audit = await t.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'district.settings_changed'),
          eq(auditEvents.actorId, coordinator.id),
        ),
      );
    expect(audit.map((row) => row.details)).toContainEqual(
      expect.objectContaining({ snowOffersFromFive: true }),
    );
  });

  it('refuses a value that is not true or false, and another district’s coordinator', async () => {
    const before = await stored();
    for (const bad of ['yes', 1, -1, 1e308, null, '\u0000', 'x'.repeat(10_000), ['true']]) {
      const response = await request(t.app, {
        method: 'PUT',
        url,
        cookie,
        payload: { ...base, snowOffersFromFive: bad },
      });
      expect(response.statusCode, String(bad).slice(0, 20)).toBe(400);
      const fields = (response.json().error.fields ?? []) as { field: string }[];
      expect(fields.map((f) => f.field)).toContain('body.snowOffersFromFive');
    }
    const stranger = await logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'kagura' }] })).email,
    );
    const refused = await request(t.app, {
      method: 'PUT',
      url,
      cookie: stranger,
      payload: { ...base, snowOffersFromFive: !before },
    });
    expect(refused.statusCode).toBe(403);
    expect(await stored()).toBe(before);
  });
});
