import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, residentProfiles } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf, makeResident, NAGAYAMA_ADDRESS } from './help-loop-fixtures.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, 'own_contact');
});
afterAll(async () => {
  await t.close();
});

const patch = (cookie: string, payload: unknown) =>
  request(t.app, {
    method: 'PATCH',
    url: '/api/me/resident-profile',
    cookie,
    payload: payload as Record<string, unknown>,
  });

async function profileOf(userId: string) {
  const [row] = await t.database.db
    .select()
    .from(residentProfiles)
    .where(eq(residentProfiles.userId, userId));
  return row!;
}

describe('a resident corrects their own phone and address', () => {
  it('saves a new phone, and a move to another district takes the district along, audited', async () => {
    const resident = await makeResident(t.database);
    const cookie = await logInAs(t.app, resident.email);
    const phone = await patch(cookie, { phone: '0166-22-3344' });
    expect(phone.statusCode).toBe(200);
    expect(phone.json().profile).toMatchObject({ phone: '0166-22-3344', district: 'chuo' });

    const moved = await patch(cookie, { address: NAGAYAMA_ADDRESS });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().profile).toMatchObject({
      address: NAGAYAMA_ADDRESS,
      district: 'nagayama',
      phone: '0166-22-3344',
    });
    expect((await profileOf(resident.id)).districtId).toBe(
      await districtIdOf(t.database, 'nagayama'),
    );
    const audit = await t.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectId, resident.id),
          eq(auditEvents.action, 'resident.contact_updated'),
        ),
      );
    expect(audit.map((a) => a.details)).toEqual([
      { fields: 'phone', movedDistrict: false },
      { fields: 'address', movedDistrict: true },
    ]);
    // The audit never holds the values themselves.
    expect(JSON.stringify(audit)).not.toContain('3344');
    expect(JSON.stringify(audit)).not.toContain('永山');

    expect((await patch(cookie, { phone: null })).json().profile.phone).toBeNull();
  });

  it('refuses an address it cannot place, bad phones, odd text and empty bodies, changing nothing', async () => {
    const resident = await makeResident(t.database);
    const cookie = await logInAs(t.app, resident.email);
    const before = await profileOf(resident.id);
    const cases: [unknown, string][] = [
      [{ address: '札幌市中央区北1条西2丁目' }, 'body.address'],
      [{ address: '旭川市5条通9丁目\u0000' }, 'body.address'],
      [{ address: 'あ'.repeat(10_000) }, 'body.address'],
      [{ address: 12345 }, 'body.address'],
      [{ phone: 'call me' }, 'body.phone'],
      [{ phone: '0'.repeat(10_000) }, 'body.phone'],
      [{ phone: -1e308 }, 'body.phone'],
      [{}, 'body.address'],
      [{ phone: '0166-22-3344', fullName: '別人' }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const answer = await patch(cookie, payload);
      expect(answer.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(400);
      const fields = (answer.json().error.fields ?? []) as { field: string }[];
      expect(fields.map((f) => f.field).some((f) => f.startsWith(field))).toBe(true);
    }
    const after = await profileOf(resident.id);
    expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });
  });

  it('is for residents only, about themselves', async () => {
    const volunteer = await makeUser(t.database, { roles: [{ role: 'volunteer' }] });
    const refused = await patch(await logInAs(t.app, volunteer.email), { phone: '0166-22-3344' });
    expect(refused.statusCode).toBe(403);
    const anonymous = await request(t.app, {
      method: 'PATCH',
      url: '/api/me/resident-profile',
      payload: { phone: '0166-22-3344' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
