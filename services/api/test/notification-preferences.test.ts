import { auditEvents, notificationPreferences } from '@sasaeai/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident, makeVolunteer } from './help-loop-fixtures.ts';

let t: TestApp;
const valid = {
  channelOrder: ['sms', 'email'],
  smsPhone: '090-1234-5678',
  language: 'en',
  quietStartHour: 21,
  quietEndHour: 6,
};

beforeAll(async () => {
  t = await createTestApp({}, 'prefs');
});
afterAll(async () => {
  await t.close();
});

describe('my notification preferences', () => {
  it('start from the default order and are saved with the number as E.164', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const first = await request(t.app, {
      method: 'GET',
      url: '/api/me/notification-preferences',
      cookie,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().preferences).toEqual({
      channelOrder: ['email', 'sms', 'line', 'phone_call'],
      smsPhone: null,
      language: 'ja',
      quietStartHour: null,
      quietEndHour: null,
      lineLinked: false,
      lineLinkCode: null,
      lineLinkCodeExpiresAt: null,
      resident: false,
      proxy: null,
    });
    const saved = await request(t.app, {
      method: 'PUT',
      url: '/api/me/notification-preferences',
      cookie,
      payload: valid,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().preferences).toMatchObject({
      channelOrder: ['sms', 'email'],
      smsPhone: '+819012345678',
      language: 'en',
      quietStartHour: 21,
      quietEndHour: 6,
    });
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, volunteer.id));
    expect(audit.map((row) => row.action)).toContain('notification_preferences.updated');
    expect(JSON.stringify(audit.map((row) => row.details))).not.toContain('1234');
  });

  it('refuses bad input with field errors, never a 500', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, smsPhone: '0166-12-3456' }, 'body.smsPhone'],
      [{ ...valid, smsPhone: '090\u00001234\u00005678' }, 'body.smsPhone'],
      [{ ...valid, smsPhone: '9'.repeat(10_000) }, 'body.smsPhone'],
      [{ ...valid, channelOrder: ['sms', 'sms'] }, 'body.channelOrder'],
      [{ ...valid, channelOrder: ['pigeon'] }, 'body.channelOrder.0'],
      [{ ...valid, channelOrder: [] }, 'body.channelOrder'],
      [{ ...valid, quietStartHour: 24 }, 'body.quietStartHour'],
      [{ ...valid, quietEndHour: null }, 'body.quietEndHour'],
      [{ ...valid, language: 'fr' }, 'body.language'],
      [{ ...valid, extra: 1 }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const response = await request(t.app, {
        method: 'PUT',
        url: '/api/me/notification-preferences',
        cookie,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      const fields = (response.json().error.fields ?? []) as { field: string }[];
      expect(fields.map((f) => f.field).join(' ')).toContain(field);
    }
  });

  it('a LINE link code is issued, shown while open, and a new one replaces it', async () => {
    const volunteer = await makeVolunteer(t.database);
    const cookie = await logInAs(t.app, volunteer.email);
    const issued = await request(t.app, {
      method: 'POST',
      url: '/api/me/notification-preferences/line-code',
      cookie,
    });
    expect(issued.statusCode).toBe(200);
    const code = issued.json().preferences.lineLinkCode as string;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const again = await request(t.app, {
      method: 'POST',
      url: '/api/me/notification-preferences/line-code',
      cookie,
    });
    expect(again.json().preferences.lineLinkCode).not.toBe(code);
  });

  it('needs a session', async () => {
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/me/notification-preferences',
    });
    expect(response.statusCode).toBe(401);
  });
});

describe("a coordinator sets a phoned-in resident's preferences", () => {
  it('in their own district only; residents and volunteers may not', async () => {
    const resident = await makeResident(t.database);
    const elsewhere = await makeResident(t.database, '旭川市永山3条5丁目2-10', 'nagayama');
    const coordinator = await logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
    );
    const admin = await logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role: 'admin' }] })).email,
    );
    const volunteer = await logInAs(t.app, (await makeVolunteer(t.database)).email);
    const otherResident = await logInAs(t.app, (await makeResident(t.database)).email);
    const put = (id: string, cookie: string) =>
      request(t.app, {
        method: 'PUT',
        url: `/api/residents/${id}/notification-preferences`,
        cookie,
        payload: { ...valid, channelOrder: ['sms', 'phone_call'], language: 'ja' },
      });
    const own = await put(resident.id, coordinator);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().preferences).toMatchObject({
      smsPhone: '+819012345678',
      channelOrder: ['sms', 'phone_call'],
    });
    const read = await request(t.app, {
      method: 'GET',
      url: `/api/residents/${resident.id}/notification-preferences`,
      cookie: coordinator,
    });
    expect(read.json().preferences.smsPhone).toBe('+819012345678');
    expect((await put(elsewhere.id, coordinator)).statusCode).toBe(404);
    expect((await put(elsewhere.id, admin)).statusCode).toBe(200);
    expect((await put(resident.id, volunteer)).statusCode).toBe(403);
    expect((await put(resident.id, otherResident)).statusCode).toBe(403);
    const noSession = await request(t.app, {
      method: 'GET',
      url: `/api/residents/${resident.id}/notification-preferences`,
    });
    expect(noSession.statusCode).toBe(401);
    // Not a resident at all (a volunteer's id): 404 even for the admin.
    const volunteerUser = await makeVolunteer(t.database);
    expect((await put(volunteerUser.id, admin)).statusCode).toBe(404);
  });
});

describe("a resident's proxy contact", () => {
  const proxy = {
    name: '旭川 一郎',
    relationship: 'family',
    email: 'Ichiro@Example.test',
    smsPhone: '080-1111-2222',
    instead: true,
  };

  it('is saved for a resident (by the coordinator), read back, and removed with null', async () => {
    const resident = await makeResident(t.database);
    const coordinator = await logInAs(
      t.app,
      (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
    );
    const url = `/api/residents/${resident.id}/notification-preferences`;
    const saved = await request(t.app, {
      method: 'PUT',
      url,
      cookie: coordinator,
      payload: { ...valid, proxy },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().preferences).toMatchObject({
      resident: true,
      proxy: { ...proxy, email: 'ichiro@example.test', smsPhone: '+818011112222' },
    });
    // Saving without `proxy` (a form that does not show it) leaves it as it is.
    const kept = await request(t.app, { method: 'PUT', url, cookie: coordinator, payload: valid });
    expect(kept.json().preferences.proxy.name).toBe('旭川 一郎');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, resident.id));
    expect(JSON.stringify(audit.map((row) => row.details))).not.toMatch(/ichiro|旭川|1111/i);
    const removed = await request(t.app, {
      method: 'PUT',
      url,
      cookie: coordinator,
      payload: { ...valid, proxy: null },
    });
    expect(removed.json().preferences.proxy).toBeNull();
  });

  it('is refused for a volunteer, and bad proxy input is a field error that changes nothing', async () => {
    const volunteer = await makeVolunteer(t.database);
    const volunteerCookie = await logInAs(t.app, volunteer.email);
    const refused = await request(t.app, {
      method: 'PUT',
      url: '/api/me/notification-preferences',
      cookie: volunteerCookie,
      payload: { ...valid, proxy },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].field).toBe('body.proxy');

    const resident = await makeResident(t.database);
    const cookie = await logInAs(t.app, resident.email);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...proxy, name: '旭川\u0000一郎' }, 'body.proxy.name'],
      [{ ...proxy, name: 'あ'.repeat(10_000) }, 'body.proxy.name'],
      [{ ...proxy, name: '' }, 'body.proxy.name'],
      [{ ...proxy, name: '\ud800' }, 'body.proxy.name'],
      [{ ...proxy, relationship: 'neighbour' }, 'body.proxy.relationship'],
      [{ ...proxy, email: 'not-an-address' }, 'body.proxy.email'],
      [{ ...proxy, email: `${'a'.repeat(10_000)}@example.test` }, 'body.proxy.email'],
      [{ ...proxy, email: 'a\u0000b@example.test' }, 'body.proxy.email'],
      [{ ...proxy, smsPhone: '0166-12-3456' }, 'body.proxy.smsPhone'],
      [{ ...proxy, smsPhone: '9'.repeat(10_000) }, 'body.proxy.smsPhone'],
      [{ ...proxy, smsPhone: -1 }, 'body.proxy.smsPhone'],
      [{ ...proxy, email: null, smsPhone: null }, 'body.proxy.email'],
      [{ ...proxy, instead: 'yes' }, 'body.proxy.instead'],
      [{ ...proxy, extra: 1 }, 'body.proxy'],
    ];
    for (const [bad, field] of cases) {
      const response = await request(t.app, {
        method: 'PUT',
        url: '/api/me/notification-preferences',
        cookie,
        payload: { ...valid, proxy: bad },
      });
      expect(response.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(400);
      const fields = (response.json().error.fields ?? []) as { field: string }[];
      expect(fields.map((f) => f.field).join(' ')).toContain(field);
    }
    const stored = await t.database.db
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, resident.id));
    expect(stored).toEqual([]);
  });
});
