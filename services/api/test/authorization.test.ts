import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, volunteerProfiles } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';

let t: TestApp;
let cookies: Record<
  'volunteer' | 'coordinatorChuo' | 'coordinatorKagura' | 'council' | 'admin' | 'resident',
  string
>;
let volunteerInChuo: string;

beforeAll(async () => {
  t = await createTestApp({}, 'authz');
  const volunteer = await makeUser(t.database, {
    roles: [{ role: 'volunteer' }],
    volunteerDistricts: ['chuo'],
  });
  volunteerInChuo = volunteer.id;
  const coordinatorChuo = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  const coordinatorKagura = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'kagura' }],
  });
  const council = await makeUser(t.database, { roles: [{ role: 'council' }] });
  const admin = await makeUser(t.database, { roles: [{ role: 'admin' }] });
  const resident = await makeUser(t.database, { roles: [{ role: 'resident' }] });
  cookies = {
    volunteer: await logInAs(t.app, volunteer.email),
    coordinatorChuo: await logInAs(t.app, coordinatorChuo.email),
    coordinatorKagura: await logInAs(t.app, coordinatorKagura.email),
    council: await logInAs(t.app, council.email),
    admin: await logInAs(t.app, admin.email),
    resident: await logInAs(t.app, resident.email),
  };
});
afterAll(async () => {
  await t.close();
});

describe('district volunteers list', () => {
  const cases = [
    ['no session', undefined, 401],
    ['resident', 'resident', 403],
    ['volunteer', 'volunteer', 403],
    ['coordinator of chuo', 'coordinatorChuo', 200],
    ['coordinator of another district', 'coordinatorKagura', 403],
    ['council staff', 'council', 200],
    ['admin', 'admin', 200],
  ] as const;
  it.each(cases)('%s → %i', async (_who, as, status) => {
    const response = await request(t.app, {
      method: 'GET',
      url: '/api/districts/chuo/volunteers',
      ...(as ? { cookie: cookies[as] } : {}),
    });
    expect(response.statusCode).toBe(status);
    if (status === 200) {
      expect(response.json().volunteers.map((v: { id: string }) => v.id)).toContain(
        volunteerInChuo,
      );
    }
  });
});

describe('volunteer verification', () => {
  it('is refused to a volunteer and to a coordinator of another district', async () => {
    for (const as of ['volunteer', 'coordinatorKagura'] as const) {
      const response = await request(t.app, {
        method: 'POST',
        url: `/api/volunteers/${volunteerInChuo}/verify`,
        cookie: cookies[as],
        payload: { status: 'active' },
      });
      expect(response.statusCode).toBe(403);
    }
    const [profile] = await t.database.db
      .select()
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, volunteerInChuo));
    expect(profile!.verification).toBe('pending');
  });

  it('is done by the coordinator of the district and audited', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: `/api/volunteers/${volunteerInChuo}/verify`,
      cookie: cookies.coordinatorChuo,
      payload: { status: 'active' },
    });
    expect(response.statusCode).toBe(200);
    const [profile] = await t.database.db
      .select()
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, volunteerInChuo));
    expect(profile!.verification).toBe('active');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, volunteerInChuo));
    expect(audit.map((a) => a.action)).toContain('volunteer.verified');
  });
});

describe('granting roles', () => {
  it('lets an admin make someone coordinator of given districts', async () => {
    const staff = await makeUser(t.database);
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/admin/role-assignments',
      cookie: cookies.admin,
      payload: { userId: staff.id, role: 'coordinator', districts: ['nagayama', 'suehiro'] },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().user.roles).toEqual([
      { role: 'coordinator', district: 'nagayama' },
      { role: 'coordinator', district: 'suehiro' },
    ]);
    // The new coordinator can now read nagayama but not chuo.
    const cookie = await logInAs(t.app, staff.email);
    expect(
      (await request(t.app, { method: 'GET', url: '/api/districts/nagayama/volunteers', cookie }))
        .statusCode,
    ).toBe(200);
    expect(
      (await request(t.app, { method: 'GET', url: '/api/districts/chuo/volunteers', cookie }))
        .statusCode,
    ).toBe(403);
  });

  it('is refused to a coordinator and to council staff', async () => {
    const staff = await makeUser(t.database);
    for (const as of ['coordinatorChuo', 'council'] as const) {
      const response = await request(t.app, {
        method: 'POST',
        url: '/api/admin/role-assignments',
        cookie: cookies[as],
        payload: { userId: staff.id, role: 'admin', districts: [] },
      });
      expect(response.statusCode).toBe(403);
    }
  });

  it('names an unknown district as a field error and grants nothing', async () => {
    const staff = await makeUser(t.database);
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/admin/role-assignments',
      cookie: cookies.admin,
      payload: { userId: staff.id, role: 'coordinator', districts: ['chuo', 'atlantis'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([
      expect.objectContaining({ field: 'body.districts.1' }),
    ]);
    const cookie = await logInAs(t.app, staff.email);
    expect(
      (await request(t.app, { method: 'GET', url: '/api/me', cookie })).json().user.roles,
    ).toEqual([]);
  });
});

describe('a resident becomes a volunteer too', () => {
  it('adds the volunteer role to the same account', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/me/roles',
      cookie: cookies.resident,
      payload: { role: 'volunteer' },
    });
    expect(response.statusCode).toBe(200);
    expect(
      response
        .json()
        .user.roles.map((r: { role: string }) => r.role)
        .sort(),
    ).toEqual(['resident', 'volunteer']);
  });

  it('cannot add the coordinator role to oneself', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/me/roles',
      cookie: cookies.resident,
      payload: { role: 'coordinator' },
    });
    expect(response.statusCode).toBe(400);
  });
});
