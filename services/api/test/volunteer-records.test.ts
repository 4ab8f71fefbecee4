import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, volunteerCentres } from '@sasaeai/db/schema';
import { users } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { CHUO_ADDRESS, districtIdOf, makeResident, makeVolunteer } from './help-loop-fixtures.ts';
import { completedTask } from './volunteer-records-fixtures.ts';

/** A volunteer's history and activity certificate (issue 12): who may see which, and the sums. */
let t: TestApp;
let chuo: string;
let volunteerId: string;
let groupId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({}, 'records');
  chuo = await districtIdOf(t.database, 'chuo');
  await t.database.db.insert(volunteerCentres).values({
    districtId: chuo,
    name: '中央地区ボランティアセンター',
    nameEn: 'Chuo District Volunteer Centre',
    status: 'open',
    phone: '0166-00-1001',
  });
  const resident = await makeResident(t.database);
  cookies.resident = await logInAs(t.app, resident.email);
  const volunteer = await makeVolunteer(t.database);
  volunteerId = volunteer.id;
  await t.database.db
    .update(users)
    .set({ displayName: '山田 太郎' })
    .where(eq(users.id, volunteerId));
  cookies.volunteer = await logInAs(t.app, volunteer.email);
  const group = await makeVolunteer(t.database, 'chuo', { kind: 'group', headcount: 4 });
  groupId = group.id;
  cookies.group = await logInAs(t.app, group.email);
  for (const [role, district] of [
    ['coordinator', 'chuo'],
    ['coordinator', 'kagura'],
  ] as const) {
    const user = await makeUser(t.database, { roles: [{ role, district }] });
    cookies[district] = await logInAs(t.app, user.email);
  }
  const task = { residentId: resident.id, districtId: chuo, windowMinutes: 120 };
  // FY2025: 22 tasks of 90 recorded minutes on separate days, and one with no recorded time
  // (its 120-minute window counts); FY2024: one of 30 minutes.
  for (let day = 1; day <= 22; day += 1) {
    const start = `2025-06-${String(day).padStart(2, '0')}T09:00:00`;
    await completedTask(t.database, { ...task, volunteerId, start, minutes: 90 });
  }
  await completedTask(t.database, {
    ...task,
    volunteerId,
    start: '2026-03-31T20:00:00',
    minutes: null,
  });
  await completedTask(t.database, {
    ...task,
    volunteerId,
    start: '2025-03-31T20:00:00',
    minutes: 30,
  });
  await completedTask(t.database, {
    ...task,
    volunteerId: groupId,
    start: '2025-07-01T09:00:00',
    minutes: 150,
    exclusive: false,
  });
});
afterAll(async () => {
  await t.close();
});

const get = (who: string | undefined, url: string) =>
  request(t.app, { method: 'GET', url, ...(who ? { cookie: cookies[who] } : {}) });

describe('a volunteer’s history', () => {
  it('lists one’s completed tasks of a fiscal year, a page at a time, with every year’s totals', async () => {
    const first = await get('volunteer', '/api/me/volunteer/history?fy=2025');
    expect(first.statusCode).toBe(200);
    const { history } = first.json();
    expect(history).toMatchObject({
      volunteerId,
      name: '山田 太郎',
      fiscalYear: { fiscalYear: 2025, ja: '令和7年度（2025年度）' },
      // 22 × 90 min + 120 min (no time recorded: the window) = 35 h.
      totals: { activities: 23, hours: 35, personHours: 35 },
      page: 1,
      pageCount: 2,
    });
    expect(
      history.years.map((y: { fiscalYear: { fiscalYear: number } }) => y.fiscalYear.fiscalYear),
    ).toEqual([2025, 2024]);
    expect(history.rows).toHaveLength(20);
    // Newest first; 2026-03-31 20:00 JST is still FY2025.
    expect(history.rows[0]).toMatchObject({
      date: '2026-03-31',
      category: 'snow',
      district: { name: '中央', nameEn: 'Chuo' },
      hours: 2,
    });
    expect(first.body).not.toContain(CHUO_ADDRESS);
    expect(first.body).not.toContain('旭川 花子');
    const second = (await get('volunteer', '/api/me/volunteer/history?fy=2025&page=2')).json();
    expect(second.history.rows).toHaveLength(3);
    const beyond = (await get('volunteer', '/api/me/volunteer/history?fy=2025&page=9')).json();
    expect(beyond.history.rows).toEqual([]);
  });

  it('counts a group’s hours once per member', async () => {
    const { history } = (await get('group', '/api/me/volunteer/history?fy=2025')).json();
    expect(history.totals).toEqual({ activities: 1, hours: 2.5, personHours: 10 });
    expect(history.rows[0]).toMatchObject({ hours: 2.5, personHours: 10 });
  });

  it('shows a volunteer’s history to their district’s coordinators only', async () => {
    const own = await get('chuo', `/api/volunteers/${volunteerId}/history?fy=2025`);
    expect(own.statusCode).toBe(200);
    expect(own.json().history.totals.activities).toBe(23);
    expect((await get('kagura', `/api/volunteers/${volunteerId}/history`)).statusCode).toBe(404);
    const unknown = `/api/volunteers/${crypto.randomUUID()}/history`;
    expect((await get('chuo', unknown)).statusCode).toBe(404);
    expect((await get('chuo', '/api/volunteers/not-a-uuid/history')).statusCode).toBe(400);
    // A volunteer cannot read another's through the coordinators' route.
    expect((await get('group', `/api/volunteers/${volunteerId}/history`)).statusCode).toBe(403);
  });

  it('refuses the logged out (401) and other roles (403)', async () => {
    const own = [
      '/api/me/volunteer/history',
      '/api/me/volunteer/certificate',
      '/api/me/volunteer/certificate.pdf',
    ];
    const theirs = own.map((url) => url.replace('/me/volunteer', `/volunteers/${volunteerId}`));
    for (const url of [...own, ...theirs]) {
      const response = await get(undefined, url);
      expect(response.statusCode, url).toBe(401);
      expect(response.body).not.toContain('山田');
    }
    for (const url of own) expect((await get('resident', url)).statusCode, url).toBe(403);
    for (const url of theirs) expect((await get('resident', url)).statusCode, url).toBe(403);
  });

  it('answers odd years and pages with 400 and field errors', async () => {
    for (const query of [
      'fy=-1',
      'fy=99999999999999999999',
      'fy=2018',
      'fy=abc',
      'fy=2025.5',
      'page=0',
      'page=-3',
      'page=1e400',
    ]) {
      for (const path of ['history', 'certificate', 'certificate.pdf']) {
        if (path !== 'history' && query.startsWith('page')) continue;
        const response = await get('volunteer', `/api/me/volunteer/${path}?${query}`);
        expect(response.statusCode, `${path}?${query}`).toBe(400);
        const field = response.json().error.fields[0];
        expect(field.field).toMatch(/^query\.(fy|page)$/);
        expect(field.message.ja).toBeTruthy();
      }
    }
  });
});

describe('the activity certificate', () => {
  it('states the year’s totals from the district centre, and audits the issuance by ids', async () => {
    const response = await get('volunteer', '/api/me/volunteer/certificate?fy=2025');
    expect(response.statusCode).toBe(200);
    const { certificate } = response.json();
    expect(certificate).toMatchObject({
      name: '山田 太郎',
      periodFrom: '2025-04-01',
      periodTo: '2026-03-31',
      totals: { activities: 23, hours: 35 },
      district: '中央',
      centre: { name: '中央地区ボランティアセンター', phone: '0166-00-1001' },
    });
    expect(certificate.number).toMatch(/^2025-\d{6}$/);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'volunteer.certificate_issued'),
          eq(auditEvents.subjectId, volunteerId),
        ),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorId: volunteerId,
      districtId: chuo,
      details: { fiscalYear: 2025, format: 'page' },
    });
    expect(JSON.stringify(audits[0]!.details)).not.toContain('山田');
  });

  it('is issued by a coordinator of the volunteer’s district, not another', async () => {
    const ok = await get('chuo', `/api/volunteers/${groupId}/certificate?fy=2025`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().certificate).toMatchObject({
      name: '永山3条町内会 除雪隊',
      kind: 'group',
      headcount: 4,
      totals: { activities: 1, hours: 2.5, personHours: 10 },
    });
    expect((await get('kagura', `/api/volunteers/${groupId}/certificate`)).statusCode).toBe(404);
    expect((await get('kagura', `/api/volunteers/${groupId}/certificate.pdf`)).statusCode).toBe(
      404,
    );
  });
});
