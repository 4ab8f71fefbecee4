import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { assignVolunteer } from '@sasaeai/db/help-loop';
import {
  auditEvents,
  helpRequests,
  matches,
  seasonPairings,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { loadSessionUser } from '../src/repositories/users-repository.ts';
import { createHelpRequest } from '../src/use-cases/create-help-request.ts';
import { jstToday } from '@sasaeai/core';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  makeResident,
  makeVolunteer,
  NAGAYAMA_ADDRESS,
  snowRequest,
} from './help-loop-fixtures.ts';
import { makeRegistration } from './snow-fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const today = () => jstToday(new Date());

/** A 中央 household with a standing registration, its coordinator and two local helpers. */
async function household() {
  const resident = await makeResident(t.database);
  const registration = await makeRegistration(t.database, resident.id);
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  const [primary, backup] = [await makeVolunteer(t.database), await makeVolunteer(t.database)];
  return {
    resident,
    registration,
    primary: primary,
    backup: backup,
    coordinatorCookie: await logInAs(t.app, coordinator.email),
  };
}

function record(cookie: string, registrationId: string, payload: unknown) {
  return request(t.app, {
    method: 'POST',
    url: `/api/winter-registrations/${registrationId}/pairings`,
    cookie,
    payload: payload as Record<string, unknown>,
  });
}

function change(cookie: string, pairingId: string, payload: unknown) {
  return request(t.app, {
    method: 'PATCH',
    url: `/api/season-pairings/${pairingId}`,
    cookie,
    payload: payload as Record<string, unknown>,
  });
}

async function pairingCount(registrationId: string) {
  const rows = await t.database.db
    .select()
    .from(seasonPairings)
    .where(eq(seasonPairings.winterRegistrationId, registrationId));
  return rows.length;
}

describe('season pairings (API)', () => {
  it('a coordinator records a primary and a backup; the household and the helper see them, the helper without the address', async () => {
    const h = await household();
    const created = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.primary.id,
      role: 'primary',
      metOn: today(),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().pairing).toMatchObject({
      helper: { id: h.primary.id },
      role: 'primary',
      status: 'active',
      metOn: today(),
    });
    const backup = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.backup.id,
      role: 'backup',
      metOn: today(),
    });
    expect(backup.statusCode).toBe(201);

    const residentCookie = await logInAs(t.app, h.resident.email);
    const listed = await request(t.app, {
      method: 'GET',
      url: `/api/winter-registrations/${h.registration.id}/pairings`,
      cookie: residentCookie,
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().pairings.map((p: { role: string }) => p.role)).toEqual([
      'primary',
      'backup',
    ]);

    const helperCookie = await logInAs(t.app, h.primary.email);
    const mine = await request(t.app, {
      method: 'GET',
      url: '/api/me/season-pairings',
      cookie: helperCookie,
    });
    expect(mine.statusCode).toBe(200);
    const [first] = mine.json().households;
    expect(first).toMatchObject({
      role: 'primary',
      household: { district: 'chuo', frontageMetres: 6, readyFrom: '07:00', readyBy: '10:00' },
    });
    expect(mine.body).not.toContain('旭川市');
    expect(mine.body).not.toContain('裏口');

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, created.json().pairing.id));
    expect(audit).toMatchObject({ action: 'season_pairing.recorded' });

    // Both sides find the pairing in their own data (APPI disclosure).
    const residentData = await request(t.app, {
      method: 'GET',
      url: '/api/me/data',
      cookie: residentCookie,
    });
    expect(residentData.json().seasonPairings).toEqual([
      expect.objectContaining({ as: 'household', role: 'primary', status: 'active' }),
      expect.objectContaining({ as: 'household', role: 'backup', status: 'active' }),
    ]);
    const helperData = await request(t.app, {
      method: 'GET',
      url: '/api/me/data',
      cookie: helperCookie,
    });
    expect(helperData.json().seasonPairings).toEqual([
      expect.objectContaining({ as: 'helper', role: 'primary', metOn: today() }),
    ]);
  });

  it('refuses a second primary, the same helper twice, and helpers who may not serve the household', async () => {
    const h = await household();
    const ok = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.primary.id,
      role: 'primary',
      metOn: today(),
    });
    expect(ok.statusCode).toBe(201);

    const secondPrimary = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.backup.id,
      role: 'primary',
      metOn: today(),
    });
    expect(secondPrimary.statusCode).toBe(409);
    expect(secondPrimary.json().error.fields[0].field).toBe('body.role');

    const twice = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.primary.id,
      role: 'backup',
      metOn: today(),
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.fields[0].field).toBe('body.helperId');

    const elsewhere = await makeVolunteer(t.database, 'nagayama');
    const pending = await makeVolunteer(t.database);
    await t.database.db
      .update(volunteerProfiles)
      .set({ verification: 'pending' })
      .where(eq(volunteerProfiles.userId, pending.id));
    const notVolunteer = await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama');
    for (const [helperId, en] of [
      [elsewhere.id, 'does not serve'],
      [pending.id, 'not active'],
      [notVolunteer.id, 'not a volunteer'],
      [h.resident.id, 'itself'],
      [crypto.randomUUID(), 'not a volunteer'],
    ] as const) {
      const refused = await record(h.coordinatorCookie, h.registration.id, {
        helperId,
        role: 'backup',
        metOn: today(),
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields[0]).toMatchObject({ field: 'body.helperId' });
      expect(refused.json().error.fields[0].message.en).toContain(en);
    }
    expect(await pairingCount(h.registration.id)).toBe(1);
  });

  it('another district’s coordinator, another volunteer and another resident get 404; nothing is written', async () => {
    const h = await household();
    const created = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.primary.id,
      role: 'primary',
      metOn: today(),
    });
    const pairingId = created.json().pairing.id as string;
    const otherCoordinator = await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'nagayama' }],
    });
    const otherVolunteer = await makeVolunteer(t.database);
    const otherResident = await makeResident(t.database);
    for (const email of [otherCoordinator.email, otherVolunteer.email, otherResident.email]) {
      const cookie = await logInAs(t.app, email);
      expect((await change(cookie, pairingId, { status: 'ended' })).statusCode).toBe(404);
      const listed = await request(t.app, {
        method: 'GET',
        url: `/api/winter-registrations/${h.registration.id}/pairings`,
        cookie,
      });
      expect(listed.statusCode).toBe(404);
    }
    const otherCoordinatorCookie = await logInAs(t.app, otherCoordinator.email);
    const foreign = await record(otherCoordinatorCookie, h.registration.id, {
      helperId: h.backup.id,
      role: 'backup',
      metOn: today(),
    });
    expect(foreign.statusCode).toBe(404);
    const volunteerCookie = await logInAs(t.app, otherVolunteer.email);
    const byVolunteer = await record(volunteerCookie, h.registration.id, {
      helperId: otherVolunteer.id,
      role: 'backup',
      metOn: today(),
    });
    expect(byVolunteer.statusCode).toBe(403);
    expect(await pairingCount(h.registration.id)).toBe(1);
    const [row] = await t.database.db
      .select()
      .from(seasonPairings)
      .where(eq(seasonPairings.id, pairingId));
    expect(row!.status).toBe('active');
  });

  it('the helper pauses, the household resumes, the coordinator ends; an ended pairing stays ended and frees the role', async () => {
    const h = await household();
    const created = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.primary.id,
      role: 'primary',
      metOn: today(),
    });
    const pairingId = created.json().pairing.id as string;
    const helperCookie = await logInAs(t.app, h.primary.email);
    const residentCookie = await logInAs(t.app, h.resident.email);

    const paused = await change(helperCookie, pairingId, { status: 'paused', reason: 'health' });
    expect(paused.json().pairing).toMatchObject({ status: 'paused', reason: 'health' });
    const resumed = await change(residentCookie, pairingId, { status: 'active' });
    expect(resumed.json().pairing).toMatchObject({ status: 'active', reason: null });
    const ended = await change(h.coordinatorCookie, pairingId, {
      status: 'ended',
      reason: 'moved',
    });
    expect(ended.json().pairing.status).toBe('ended');
    expect((await change(helperCookie, pairingId, { status: 'active' })).statusCode).toBe(409);

    const audits = await t.database.db
      .select({ action: auditEvents.action, details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, pairingId))
      .orderBy(auditEvents.createdAt);
    expect(audits.map((a) => a.action)).toEqual([
      'season_pairing.recorded',
      'season_pairing.paused',
      'season_pairing.active',
      'season_pairing.ended',
    ]);
    expect(audits[1]!.details).toMatchObject({ by: 'helper', reason: 'health' });

    // The role is free again for a new primary.
    const next = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.backup.id,
      role: 'primary',
      metOn: today(),
    });
    expect(next.statusCode).toBe(201);
  });

  it('pausing withdraws the helper’s unanswered offer on the household’s snow request; it looks again', async () => {
    const h = await household();
    const created = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.primary.id,
      role: 'primary',
      metOn: today(),
    });
    const pairingId = created.json().pairing.id as string;
    const actor = (await loadSessionUser(t.database.db, h.resident.id))!;
    const { requestId } = await createHelpRequest(t.database.db, {
      actor,
      body: { ...snowRequest(), peopleNeeded: 1, urgency: 'normal' } as never,
    });
    await t.database.db
      .update(helpRequests)
      .set({ winterRegistrationId: h.registration.id, status: 'matching' })
      .where(eq(helpRequests.id, requestId));
    const { matchId } = await assignVolunteer(
      t.database.db,
      { requestId, volunteerId: h.primary.id, actorId: h.resident.id },
      async () => ({ score: 0, breakdown: { total: 0, terms: [] } }),
    );

    const residentCookie = await logInAs(t.app, h.resident.email);
    const paused = await change(residentCookie, pairingId, { status: 'paused' });
    expect(paused.statusCode).toBe(200);
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId));
    expect(match!.status).toBe('cancelled');
    const [after] = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(after!.status).toBe('matching');
  });

  it('carrying out a household’s deletion request ends its pairings (audited)', async () => {
    const h = await household();
    const created = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.primary.id,
      role: 'primary',
      metOn: today(),
    });
    const pairingId = created.json().pairing.id as string;
    const residentCookie = await logInAs(t.app, h.resident.email);
    const asked = await request(t.app, {
      method: 'POST',
      url: '/api/me/deletion-request',
      cookie: residentCookie,
    });
    const carried = await request(t.app, {
      method: 'POST',
      url: `/api/deletion-requests/${asked.json().request.id as string}/carry-out`,
      cookie: h.coordinatorCookie,
    });
    expect(carried.statusCode).toBe(200);
    const [row] = await t.database.db
      .select()
      .from(seasonPairings)
      .where(eq(seasonPairings.id, pairingId));
    expect(row!.status).toBe('ended');
    const actions = await t.database.db
      .select({ action: auditEvents.action, details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, pairingId));
    expect(actions).toContainEqual({ action: 'season_pairing.ended', details: { by: 'deletion' } });
  });

  it.each([
    ['NUL in the helper id', { helperId: '\u0000', role: 'primary', metOn: '2026-11-01' }],
    ['10,000 characters', { helperId: 'a'.repeat(10_000), role: 'primary', metOn: '2026-11-01' }],
    ['an unknown role', { helperId: crypto.randomUUID(), role: 'captain', metOn: '2026-11-01' }],
    ['a number as the date', { helperId: crypto.randomUUID(), role: 'primary', metOn: -1 }],
    [
      'a huge number as the role',
      { helperId: crypto.randomUUID(), role: 1e308, metOn: '2026-11-01' },
    ],
    [
      'odd Unicode in the date',
      { helperId: crypto.randomUUID(), role: 'primary', metOn: '２０２６-１１-０１' },
    ],
    ['a list', [{ helperId: crypto.randomUUID() }]],
  ])('a body with %s is a 400 that writes nothing', async (_name, payload) => {
    const h = await household();
    const refused = await record(h.coordinatorCookie, h.registration.id, payload);
    expect(refused.statusCode).toBe(400);
    expect(await pairingCount(h.registration.id)).toBe(0);
  });

  it('a meeting in the future or years ago, a malformed or unknown id, and a bad status or reason are 4xx, never 500', async () => {
    const h = await household();
    for (const metOn of ['2099-01-01', '2001-01-01', '2026-02-30']) {
      const refused = await record(h.coordinatorCookie, h.registration.id, {
        helperId: h.primary.id,
        role: 'primary',
        metOn,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields[0].field).toBe('body.metOn');
    }
    const unknown = await record(h.coordinatorCookie, crypto.randomUUID(), {
      helperId: h.primary.id,
      role: 'primary',
      metOn: today(),
    });
    expect(unknown.statusCode).toBe(404);
    const body = { helperId: h.primary.id, role: 'primary', metOn: today() };
    expect((await record(h.coordinatorCookie, 'not-a-uuid', body)).statusCode).toBe(400);
    // A 10,000-character id is refused before routing (414), still a client error.
    const huge = await record(h.coordinatorCookie, 'x'.repeat(10_000), body);
    expect(huge.statusCode).toBeGreaterThanOrEqual(400);
    expect(huge.statusCode).toBeLessThan(500);
    expect(await pairingCount(h.registration.id)).toBe(0);

    const created = await record(h.coordinatorCookie, h.registration.id, {
      helperId: h.primary.id,
      role: 'primary',
      metOn: today(),
    });
    const pairingId = created.json().pairing.id as string;
    for (const payload of [
      { status: 'gone' },
      { status: 'paused', reason: '\u0000' },
      { status: 'paused', reason: 'x'.repeat(10_000) },
      { status: 42 },
    ]) {
      expect((await change(h.coordinatorCookie, pairingId, payload)).statusCode).toBe(400);
    }
    expect(
      (await change(h.coordinatorCookie, crypto.randomUUID(), { status: 'ended' })).statusCode,
    ).toBe(404);
    const [row] = await t.database.db
      .select()
      .from(seasonPairings)
      .where(eq(seasonPairings.id, pairingId));
    expect(row!.status).toBe('active');
  });
});
