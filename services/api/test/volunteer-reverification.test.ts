import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { proposeMatch } from '@sasaeai/db/help-loop';
import { auditEvents, matches, volunteerProfiles } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';

/**
 * Trust #6: verification is of the profile a coordinator checked. Moving districts, changing
 * kind or growing the headcount oneself sends it back to `pending` (trust off), audited, and the
 * coordinators who verified the volunteer can still suspend them.
 */
let t: TestApp;
let chuoCoordinatorCookie: string;
let kaguraCoordinatorCookie: string;
let residentCookie: string;

const profile = (overrides: Record<string, unknown> = {}) => ({
  kind: 'individual',
  headcount: 1,
  skills: ['snow'],
  districts: ['chuo'],
  maxTasksPerWeek: 5,
  availability: [{ weekday: 1, from: '08:00', to: '12:00' }],
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp({}, 'reverify');
  const chuo = await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] });
  const kagura = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'kagura' }],
  });
  chuoCoordinatorCookie = await logInAs(t.app, chuo.email);
  kaguraCoordinatorCookie = await logInAs(t.app, kagura.email);
  residentCookie = await logInAs(t.app, (await makeResident(t.database)).email);
});
afterAll(async () => {
  await t.close();
});

/** A volunteer of chuo, verified there by its coordinator (through the route) and trusted. */
async function verifiedInChuo() {
  const volunteer = await makeVolunteer(t.database, 'chuo', { trusted: true });
  await t.database.db
    .update(volunteerProfiles)
    .set({ verification: 'pending' })
    .where(eq(volunteerProfiles.userId, volunteer.id));
  const verified = await verify(chuoCoordinatorCookie, volunteer.id, 'active');
  expect(verified.statusCode).toBe(200);
  return { ...volunteer, cookie: await logInAs(t.app, volunteer.email) };
}

function verify(cookie: string, volunteerId: string, status: 'active' | 'suspended') {
  return request(t.app, {
    method: 'POST',
    url: `/api/volunteers/${volunteerId}/verify`,
    cookie,
    payload: { status },
  });
}

function saveProfile(cookie: string, body: Record<string, unknown>) {
  return request(t.app, {
    method: 'PUT',
    url: '/api/me/volunteer-profile',
    cookie,
    payload: body,
  });
}

async function profileChanges(volunteerId: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'volunteer.profile_changed'),
        eq(auditEvents.subjectId, volunteerId),
      ),
    );
}

describe('a volunteer changing what was verified', () => {
  it('goes back to pending and untrusted after moving district, kind and headcount; audited', async () => {
    const volunteer = await verifiedInChuo();
    const saved = await saveProfile(
      volunteer.cookie,
      profile({ kind: 'group', headcount: 500, groupName: '神楽 応援団', districts: ['kagura'] }),
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.json().profile).toMatchObject({
      districts: ['kagura'],
      verification: 'pending',
      trusted: false,
    });

    const [audit] = await profileChanges(volunteer.id);
    expect(audit).toMatchObject({ actorId: volunteer.id, subjectType: 'volunteer' });
    expect(audit!.details).toMatchObject({
      fields: ['districts', 'kind', 'headcount'],
      verification: { from: 'active', to: 'pending' },
    });
    expect(JSON.stringify(audit!.details)).not.toContain('神楽 応援団');

    // The coordinator who verified them still finds them (serving elsewhere now) and can
    // suspend them; the new district must verify.
    const listed = await request(t.app, {
      method: 'GET',
      url: '/api/districts/chuo/volunteers',
      cookie: chuoCoordinatorCookie,
    });
    expect(
      listed.json().volunteers.find((v: { id: string }) => v.id === volunteer.id),
    ).toMatchObject({ districts: ['kagura'], servesHere: false, verification: 'pending' });
    expect((await verify(chuoCoordinatorCookie, volunteer.id, 'active')).statusCode).toBe(403);
    expect((await verify(chuoCoordinatorCookie, volunteer.id, 'suspended')).statusCode).toBe(200);
    expect((await verify(kaguraCoordinatorCookie, volunteer.id, 'active')).statusCode).toBe(200);
  });

  it('withdraws the live matches of an active volunteer who moves', async () => {
    const volunteer = await verifiedInChuo();
    const asked = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: residentCookie,
      payload: snowRequest(),
    });
    const { matchId } = await proposeMatch(t.database.db, {
      requestId: asked.json().request.id,
      volunteerId: volunteer.id,
      score: 1,
      breakdown: null,
    });
    expect(matchId).toBeTruthy();
    await saveProfile(volunteer.cookie, profile({ districts: ['kagura'] }));
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId!));
    expect(match!.status).toBe('cancelled');
  });

  it('stays suspended when a suspended volunteer moves, so a new district cannot be chosen', async () => {
    const volunteer = await verifiedInChuo();
    await verify(chuoCoordinatorCookie, volunteer.id, 'suspended');
    const saved = await saveProfile(volunteer.cookie, profile({ districts: ['kagura'] }));
    expect(saved.json().profile.verification).toBe('suspended');
  });

  it('keeps verification for other edits and for a smaller group', async () => {
    const volunteer = await verifiedInChuo();
    const edited = await saveProfile(
      volunteer.cookie,
      profile({ skills: ['snow', 'shopping'], maxTasksPerWeek: 3 }),
    );
    expect(edited.json().profile).toMatchObject({ verification: 'active', trusted: true });
    expect(await profileChanges(volunteer.id)).toHaveLength(0);

    const group = await makeVolunteer(t.database, 'chuo', {
      kind: 'group',
      headcount: 10,
      trusted: true,
    });
    const groupCookie = await logInAs(t.app, group.email);
    const smaller = await saveProfile(
      groupCookie,
      profile({ kind: 'group', headcount: 6, groupName: '永山3条町内会 除雪隊' }),
    );
    expect(smaller.json().profile).toMatchObject({ verification: 'active', trusted: true });
  });

  it('leaves a coordinator of a district the volunteer never served without power over them', async () => {
    const volunteer = await verifiedInChuo();
    const other = await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'nagayama' }],
    });
    const response = await verify(await logInAs(t.app, other.email), volunteer.id, 'suspended');
    expect(response.statusCode).toBe(403);
  });
});
