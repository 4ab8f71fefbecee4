import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, volunteerIntroductions, volunteerProfiles } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { jstDate, makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';

/** Supported volunteering: the volunteer's wishes, and a support worker's introduction. */
let t: TestApp;
const logLines: string[] = [];
let volunteer: { id: string; email: string };
let volunteerCookie: string;
let otherVolunteerCookie: string;
let coordinatorCookie: string;
let otherCoordinatorCookie: string;
let councilCookie: string;
let residentCookie: string;

const ORGANISATION = '旭川 就労支援センター きずな';

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'info' }, 'supported', undefined, {
    write: (line: string) => void logLines.push(line),
  });
  volunteer = await makeVolunteer(t.database, 'chuo');
  volunteerCookie = await logInAs(t.app, volunteer.email);
  otherVolunteerCookie = await logInAs(t.app, (await makeVolunteer(t.database, 'chuo')).email);
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorCookie = await logInAs(t.app, coordinator.email);
  const other = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'nagayama' }],
  });
  otherCoordinatorCookie = await logInAs(t.app, other.email);
  const council = await makeUser(t.database, { roles: [{ role: 'council', district: 'chuo' }] });
  councilCookie = await logInAs(t.app, council.email);
  residentCookie = await logInAs(t.app, (await makeResident(t.database)).email);
});

afterAll(async () => {
  await t.close();
});

const put = (cookie: string | undefined, payload: unknown) =>
  request(t.app, {
    method: 'PUT',
    url: '/api/me/volunteer-support',
    ...(cookie ? { cookie } : {}),
    payload: payload as Record<string, unknown>,
  });
const introduce = (cookie: string | undefined, id: string, payload: unknown) =>
  request(t.app, {
    method: 'PUT',
    url: `/api/volunteers/${id}/introduction`,
    ...(cookie ? { cookie } : {}),
    payload: payload as Record<string, unknown>,
  });

describe('the volunteer’s own wishes', () => {
  it('are set by the volunteer, read back, audited by field name only', async () => {
    const before = await request(t.app, {
      method: 'GET',
      url: '/api/me/volunteer-support',
      cookie: volunteerCookie,
    });
    expect(before.json()).toEqual({
      preferences: { firstTaskWithBuddy: false, preferQuiet: false },
    });
    const set = await put(volunteerCookie, { firstTaskWithBuddy: true, preferQuiet: true });
    expect(set.statusCode).toBe(200);
    const [row] = await t.database.db
      .select()
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, volunteer.id));
    expect(row).toMatchObject({ firstTaskWithBuddy: true, preferQuiet: true });
    // Not a change that sends the profile back for verification.
    expect(row!.verification).toBe('active');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'volunteer.support_preferences_set'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subjectId).toBe(volunteer.id);
  });

  it('cannot be set for someone else, nor by a resident or a stranger', async () => {
    // Another volunteer only ever writes their own row.
    await put(otherVolunteerCookie, { firstTaskWithBuddy: false, preferQuiet: false });
    const [row] = await t.database.db
      .select()
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, volunteer.id));
    expect(row).toMatchObject({ firstTaskWithBuddy: true, preferQuiet: true });
    expect(
      (await put(residentCookie, { firstTaskWithBuddy: true, preferQuiet: true })).statusCode,
    ).toBe(403);
    expect((await put(undefined, { firstTaskWithBuddy: true, preferQuiet: true })).statusCode).toBe(
      401,
    );
  });

  it('refuses what is not a yes/no with field errors', async () => {
    const bad = await put(volunteerCookie, { firstTaskWithBuddy: 'yes', preferQuiet: 7 });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('firstTaskWithBuddy');
  });
});

describe('a support worker’s introduction', () => {
  it('is recorded by a coordinator of the volunteer’s district, and read back only by them', async () => {
    const ok = await introduce(coordinatorCookie, volunteer.id, {
      introducedBy: { organisation: ` ${ORGANISATION} `, phone: '0166-99-1234' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().introducedBy).toEqual({ organisation: ORGANISATION, phone: '0166-99-1234' });
    const view = await request(t.app, {
      method: 'GET',
      url: `/api/volunteers/${volunteer.id}/support`,
      cookie: coordinatorCookie,
    });
    expect(view.json()).toMatchObject({
      id: volunteer.id,
      preferences: { firstTaskWithBuddy: true, preferQuiet: true },
      introducedBy: { organisation: ORGANISATION, phone: '0166-99-1234' },
    });
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'volunteer.introduction_recorded'));
    expect(audit).toHaveLength(1);
    const stored = JSON.stringify(audit, (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    expect(stored).not.toContain(ORGANISATION);
    expect(stored).not.toContain('0166-99-1234');
  });

  it('is 404 for another district’s coordinator, 403 for others, 401 logged out', async () => {
    const body = { introducedBy: { organisation: '別の団体' } };
    expect((await introduce(otherCoordinatorCookie, volunteer.id, body)).statusCode).toBe(404);
    const peek = await request(t.app, {
      method: 'GET',
      url: `/api/volunteers/${volunteer.id}/support`,
      cookie: otherCoordinatorCookie,
    });
    expect(peek.statusCode).toBe(404);
    expect(peek.body).not.toContain(ORGANISATION);
    expect((await introduce(residentCookie, volunteer.id, body)).statusCode).toBe(403);
    expect((await introduce(volunteerCookie, volunteer.id, body)).statusCode).toBe(403);
    expect((await introduce(councilCookie, volunteer.id, body)).statusCode).toBe(403);
    expect((await introduce(undefined, volunteer.id, body)).statusCode).toBe(401);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await introduce(coordinatorCookie, unknown, body)).statusCode).toBe(404);
  });

  it('refuses NUL, huge and empty text with field errors, and writes nothing', async () => {
    for (const introducedBy of [
      { organisation: 'a\u0000b' },
      { organisation: 'あ'.repeat(101) },
      { organisation: '   ' },
      { organisation: '団体', phone: '1'.repeat(31) },
      { organisation: '団体\ud800' },
    ]) {
      const bad = await introduce(coordinatorCookie, volunteer.id, { introducedBy });
      expect(bad.statusCode, JSON.stringify(introducedBy)).toBe(400);
      expect(JSON.stringify(bad.json())).toMatch(/organisation|phone/);
    }
    const view = await request(t.app, {
      method: 'GET',
      url: `/api/volunteers/${volunteer.id}/support`,
      cookie: coordinatorCookie,
    });
    expect(view.json().introducedBy.organisation).toBe(ORGANISATION);
  });

  it('shows as marks in the coordinator’s lists, never to council staff, residents or in offers', async () => {
    const list = await request(t.app, {
      method: 'GET',
      url: '/api/districts/chuo/volunteers',
      cookie: coordinatorCookie,
    });
    const mine = list.json().volunteers.find((v: { id: string }) => v.id === volunteer.id);
    expect(mine.support).toEqual({ firstTaskWithBuddy: true, preferQuiet: true, introduced: true });
    expect(list.body).not.toContain(ORGANISATION);
    const council = await request(t.app, {
      method: 'GET',
      url: '/api/districts/chuo/volunteers',
      cookie: councilCookie,
    });
    expect(council.statusCode).toBe(200);
    expect(council.body).not.toContain('"support"');

    // A request for two, with someone on it: the newcomer may be the second person.
    const asked = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: residentCookie,
      payload: snowRequest({
        peopleNeeded: 2,
        when: { kind: 'window', date: jstDate(6), from: '13:00', to: '15:00' },
      }),
    });
    expect(asked.statusCode).toBe(201);
    const requestId = asked.json().request.id as string;
    const candidateList = async () =>
      (
        await request(t.app, {
          method: 'GET',
          url: `/api/help-requests/${requestId}/candidates`,
          cookie: coordinatorCookie,
        })
      ).json() as {
        candidates: { volunteer: { id: string }; support: unknown }[];
        waitingForBuddy: { volunteer: { id: string }; reason: string }[];
      };
    const candidates = async () => (await candidateList()).candidates;
    expect((await candidates()).map((c) => c.volunteer.id)).not.toContain(volunteer.id);
    // Kept out only by the buddy rule: listed apart, with the reason's code (pages word it).
    const waiting = (await candidateList()).waitingForBuddy;
    expect(waiting.map((w) => w.volunteer.id)).toEqual([volunteer.id]);
    expect(waiting[0]!.reason).toBe('needs_buddy');
    const first = (await candidates())[0]!;
    const assigned = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/assign`,
      cookie: coordinatorCookie,
      payload: { volunteerId: first.volunteer.id },
    });
    expect(assigned.statusCode).toBe(200);
    expect((await candidateList()).waitingForBuddy).toEqual([]);
    const now = await candidates();
    const newcomer = now.find((c) => c.volunteer.id === volunteer.id);
    expect(newcomer?.support).toEqual({
      firstTaskWithBuddy: true,
      preferQuiet: true,
      introduced: true,
    });
    const picked = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/assign`,
      cookie: coordinatorCookie,
      payload: { volunteerId: volunteer.id },
    });
    expect(picked.statusCode).toBe(200);

    // The coordinators' queue carries the marks on the card; council staff's does not.
    const queue = await request(t.app, {
      method: 'GET',
      url: '/api/matches',
      cookie: coordinatorCookie,
    });
    const card = (queue.json().matches as { volunteer: { id: string }; support?: unknown }[]).find(
      (m) => m.volunteer.id === volunteer.id,
    );
    expect(card?.support).toEqual({
      firstTaskWithBuddy: true,
      preferQuiet: true,
      introduced: true,
    });
    expect(queue.body).not.toContain(ORGANISATION);
    const councilQueue = await request(t.app, {
      method: 'GET',
      url: '/api/matches?district=chuo',
      cookie: councilCookie,
    });
    expect(councilQueue.statusCode).toBe(200);
    expect(councilQueue.json().matches.length).toBeGreaterThan(0);
    expect(councilQueue.body).not.toContain('"support"');

    const residentView = await request(t.app, {
      method: 'GET',
      url: `/api/help-requests/${requestId}`,
      cookie: residentCookie,
    });
    expect(residentView.statusCode).toBe(200);
    const offers = await request(t.app, {
      method: 'GET',
      url: '/api/me/offers',
      cookie: volunteerCookie,
    });
    expect(offers.json().matches.length).toBeGreaterThan(0);
    for (const body of [residentView.body, offers.body]) {
      expect(body).not.toContain(ORGANISATION);
      expect(body).not.toContain('0166-99-1234');
      expect(body).not.toContain('introduced');
      expect(body).not.toContain('"support"');
    }
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(ORGANISATION);
    expect(logLines.join('\n')).not.toContain('0166-99-1234');
  });

  it('is removed with null', async () => {
    const removed = await introduce(coordinatorCookie, volunteer.id, { introducedBy: null });
    expect(removed.json()).toEqual({ introducedBy: null });
    const view = await request(t.app, {
      method: 'GET',
      url: `/api/volunteers/${volunteer.id}/support`,
      cookie: coordinatorCookie,
    });
    expect(view.json().introducedBy).toBeNull();
  });

  it('goes with the person when their account is anonymised', async () => {
    const leaving = await makeVolunteer(t.database, 'chuo');
    const leavingCookie = await logInAs(t.app, leaving.email);
    await put(leavingCookie, { firstTaskWithBuddy: true, preferQuiet: true });
    await introduce(coordinatorCookie, leaving.id, { introducedBy: { organisation: '去る 団体' } });
    const asked = await request(t.app, {
      method: 'POST',
      url: '/api/me/deletion-request',
      cookie: leavingCookie,
    });
    expect(asked.statusCode).toBeLessThan(300);
    const id = (asked.json() as { request: { id: string } }).request.id;
    const done = await request(t.app, {
      method: 'POST',
      url: `/api/deletion-requests/${id}/carry-out`,
      cookie: coordinatorCookie,
    });
    expect(done.statusCode).toBe(200);
    const rows = await t.database.db
      .select()
      .from(volunteerIntroductions)
      .where(eq(volunteerIntroductions.volunteerId, leaving.id));
    expect(rows).toEqual([]);
    const [profile] = await t.database.db
      .select()
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, leaving.id));
    expect(profile).toMatchObject({ firstTaskWithBuddy: false, preferQuiet: false });
  });
});
