import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import {
  auditEvents,
  deletionRequests,
  helpRequests,
  residentProfiles,
  volunteerProfiles,
  weeklyRoutines,
  winterFeeAssignments,
  winterFeeClasses,
  winterPayments,
  winterRegistrations,
} from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident, makeVolunteer, NAGAYAMA_ADDRESS } from './help-loop-fixtures.ts';
import {
  giveHistory,
  makePhonedIn,
  referencesTo,
  userReferenceColumns,
} from './resident-register-fixtures.ts';
import {
  HANDLED_USER_COLUMNS,
  MOVED_USER_COLUMNS,
} from '../src/use-cases/residents/merge-residents.ts';

let t: TestApp;
let coordinatorId = '';
let cookie = '';
let helperId = '';

beforeAll(async () => {
  t = await createTestApp({}, 'resident_merge');
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorId = coordinator.id;
  cookie = await logInAs(t.app, coordinator.email);
  helperId = (await makeVolunteer(t.database)).id;
});
afterAll(async () => {
  await t.close();
});

const merge = (keptId: string, duplicateId: unknown, as = cookie) =>
  request(t.app, {
    method: 'POST',
    url: `/api/residents/${keptId}/merge`,
    cookie: as,
    payload: { duplicateId } as Record<string, unknown>,
  });

async function snapshot() {
  const db = t.database.db;
  return {
    profiles: await db.select().from(residentProfiles),
    requests: await db.select().from(helpRequests),
    audit: await db.select().from(auditEvents),
  };
}

describe('merging two residents', () => {
  it('knows every column that references a person', async () => {
    const known = [...MOVED_USER_COLUMNS, ...HANDLED_USER_COLUMNS].map(([a, b]) => `${a}.${b}`);
    expect(await userReferenceColumns(t.database)).toEqual([...known].sort());
  });

  it('moves every linked row to the kept resident, marks the duplicate merged, audits both', async () => {
    const kept = await makePhonedIn(t.database, {
      fullName: '山田 花子',
      fullNameKana: 'やまだ はなこ',
    });
    const duplicate = await makePhonedIn(t.database, {
      fullName: '山田 花子',
      fullNameKana: 'ヤマダハナコ',
      phone: '0166-23-4567',
    });
    const history = await giveHistory(t.database, duplicate, coordinatorId, helperId, 2026);
    const answer = await merge(kept, duplicate);
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.resident).toMatchObject({ id: kept, phone: '0166-23-4567', requestCount: 2 });
    expect(body.moved).toMatchObject({
      'help_requests.resident_id': 2,
      'help_requests.created_by': 1,
      'winter_registrations.resident_id': 1,
      'weekly_routines.resident_id': 1,
      'notification_preferences.user_id': 1,
      'notifications.user_id': 1,
      'inbound_messages.user_id': 1,
      'audit_events.actor_id': 1,
      'audit_events.subject_id': 2,
    });

    // Nothing but the duplicate's own profile and role still names it.
    expect(await referencesTo(t.database, duplicate)).toEqual({
      'resident_profiles.user_id': 1,
      'role_assignments.user_id': 1,
    });
    const db = t.database.db;
    const requests = await db
      .select({ residentId: helpRequests.residentId })
      .from(helpRequests)
      .where(inArray(helpRequests.id, history.requestIds));
    expect(requests.every((r) => r.residentId === kept)).toBe(true);
    const [registration] = await db
      .select()
      .from(winterRegistrations)
      .where(eq(winterRegistrations.id, history.registrationId));
    expect(registration!.residentId).toBe(kept);
    const [routine] = await db
      .select()
      .from(weeklyRoutines)
      .where(eq(weeklyRoutines.id, history.routineId));
    expect(routine!.residentId).toBe(kept);

    const [marked] = await db
      .select()
      .from(residentProfiles)
      .where(eq(residentProfiles.userId, duplicate));
    expect(marked).toMatchObject({ mergedIntoId: kept, mergedBy: coordinatorId });
    const audit = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['resident.merged', 'resident.merged_away']));
    expect(audit.map((a) => [a.action, a.subjectId, a.actorId])).toEqual([
      ['resident.merged', kept, coordinatorId],
      ['resident.merged_away', duplicate, coordinatorId],
    ]);
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain('4567');

    // The duplicate is gone from the register and the desk search, and cannot be used again.
    const list = await request(t.app, { method: 'GET', url: '/api/residents?q=4567', cookie });
    expect(list.json().residents.map((r: { id: string }) => r.id)).toEqual([kept]);
    const again = await merge(kept, duplicate);
    expect(again.statusCode).toBe(409);
    const edit = await request(t.app, {
      method: 'PATCH',
      url: `/api/residents/${duplicate}`,
      cookie,
      payload: { phone: '0166-11-1111' },
    });
    expect(edit.statusCode).toBe(409);
    const intake = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie,
      payload: {
        category: 'snow',
        when: { kind: 'asap' },
        where: { kind: 'profile' },
        onBehalfOf: { kind: 'existing', residentId: duplicate },
      },
    });
    expect(intake.statusCode).toBe(409);
  });

  it('refuses itself, other districts, merged ones, log-ins, volunteers and two winters — changing nothing', async () => {
    const kept = await makePhonedIn(t.database, { fullName: '北 一' });
    const other = await makePhonedIn(t.database, {
      fullName: '北 一',
      address: NAGAYAMA_ADDRESS,
      code: 'nagayama',
    });
    const withLogin = (await makeResident(t.database)).id;
    const volunteer = await makePhonedIn(t.database, { fullName: '北 二' });
    await t.database.db.insert(volunteerProfiles).values({ userId: volunteer });
    const leaving = await makePhonedIn(t.database, { fullName: '北 四' });
    await t.database.db.insert(deletionRequests).values({ userId: leaving });
    const mergedAway = await makePhonedIn(t.database, { fullName: '北 五' });
    const mergedInto = await makePhonedIn(t.database, { fullName: '北 五' });
    expect((await merge(mergedInto, mergedAway)).statusCode).toBe(200);
    const winterA = await makePhonedIn(t.database, { fullName: '北 三' });
    const winterB = await makePhonedIn(t.database, { fullName: '北 三' });
    await giveHistory(t.database, winterA, coordinatorId, helperId, 2027);
    const bHistory = await giveHistory(t.database, winterB, coordinatorId, helperId, 2027);
    expect(bHistory.registrationId).toBeTruthy();

    const before = await snapshot();
    const cases: [string, unknown, number][] = [
      [kept, kept, 400],
      [kept, 'not-a-uuid', 400],
      [kept, null, 400],
      [kept, other, 404],
      [other, kept, 404],
      [crypto.randomUUID(), kept, 404],
      [kept, crypto.randomUUID(), 404],
      [kept, withLogin, 409],
      [kept, volunteer, 409],
      [kept, leaving, 409],
      [kept, mergedAway, 409],
      [mergedAway, kept, 409],
      [winterA, winterB, 409],
    ];
    for (const [keptId, duplicateId, status] of cases) {
      const answer = await merge(keptId, duplicateId);
      expect(answer.statusCode, `${keptId} ← ${String(duplicateId)}`).toBe(status);
      const error = answer.json().error;
      expect(error.message.ja && error.message.en).toBeTruthy();
    }
    expect(await snapshot()).toEqual(before);

    // The one with the log-in may be kept.
    expect((await merge(withLogin, kept)).statusCode).toBe(200);
    // Not for residents, not logged out.
    const resident = await makeResident(t.database);
    expect((await merge(kept, withLogin, await logInAs(t.app, resident.email))).statusCode).toBe(
      403,
    );
    expect(
      (
        await request(t.app, {
          method: 'POST',
          url: `/api/residents/${kept}/merge`,
          payload: { duplicateId: withLogin },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('two coordinators merging the same pair both ways at once: one wins, the other is refused', async () => {
    const a = await makePhonedIn(t.database, { fullName: '東 一' });
    const b = await makePhonedIn(t.database, { fullName: '東 一' });
    await giveHistory(t.database, b, coordinatorId, helperId, 2028);
    const answers = await Promise.all([merge(a, b), merge(b, a)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const profiles = await t.database.db
      .select({ id: residentProfiles.userId, mergedInto: residentProfiles.mergedIntoId })
      .from(residentProfiles)
      .where(inArray(residentProfiles.userId, [a, b]));
    expect(profiles.filter((p) => p.mergedInto !== null)).toHaveLength(1);
  });

  it('a coordinator of both districts may merge across them', async () => {
    const both = await makeUser(t.database, {
      roles: [
        { role: 'coordinator', district: 'chuo' },
        { role: 'coordinator', district: 'nagayama' },
      ],
    });
    const kept = await makePhonedIn(t.database, { fullName: '南 一' });
    const moved = await makePhonedIn(t.database, {
      fullName: '南 一',
      address: NAGAYAMA_ADDRESS,
      code: 'nagayama',
    });
    const answer = await merge(kept, moved, await logInAs(t.app, both.email));
    expect(answer.statusCode).toBe(200);
  });

  it('moves a household’s winter fees and payments, and refuses two fee classes for one season', async () => {
    const [feeClass] = await t.database.db
      .insert(winterFeeClasses)
      .values({ code: 'merge-test', nameJa: '試験', nameEn: 'Test', seasonFeeYen: 5000 })
      .returning({ id: winterFeeClasses.id });
    const assign = (residentId: string, seasonYear: number) =>
      t.database.db.insert(winterFeeAssignments).values({
        residentId,
        seasonYear,
        feeClassId: feeClass!.id,
        seasonFeeYen: 5000,
        setBy: coordinatorId,
      });
    const kept = await makePhonedIn(t.database, { fullName: '西 一' });
    const duplicate = await makePhonedIn(t.database, { fullName: '西 一' });
    await assign(kept, 2027);
    await assign(duplicate, 2027);
    const refusedAnswer = await merge(kept, duplicate);
    expect(refusedAnswer.statusCode).toBe(409);
    expect(refusedAnswer.json().error.message.en).toContain('winter fee class for the 2027 season');

    const other = await makePhonedIn(t.database, { fullName: '西 二' });
    const paying = await makePhonedIn(t.database, { fullName: '西 二' });
    await assign(paying, 2028);
    await t.database.db.insert(winterPayments).values({
      residentId: paying,
      seasonYear: 2028,
      amountYen: 5000,
      paidOn: '2028-12-10',
      method: 'cash',
      recordedBy: coordinatorId,
    });
    expect((await merge(other, paying)).statusCode).toBe(200);
    const fees = await t.database.db
      .select({ residentId: winterFeeAssignments.residentId })
      .from(winterFeeAssignments)
      .where(eq(winterFeeAssignments.seasonYear, 2028));
    const payments = await t.database.db
      .select({ residentId: winterPayments.residentId })
      .from(winterPayments)
      .where(eq(winterPayments.seasonYear, 2028));
    expect(fees).toEqual([{ residentId: other }]);
    expect(payments).toEqual([{ residentId: other }]);
  });
});
