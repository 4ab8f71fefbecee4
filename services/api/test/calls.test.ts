import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { proposeMatch } from '@sasaeai/db/help-loop';
import { auditEvents, helpRequests, notifications, users } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  CHUO_ADDRESS,
  districtIdOf,
  jstDate,
  makeResident,
  makeVolunteer,
} from './help-loop-fixtures.ts';

/** The coordinators' call list: notifications that fell back to a phone call. */
let t: TestApp;
let residentId: string;
let chuoCoordinator: string;
let kaguraCoordinator: string;
let admin: string;
let residentCookie: string;

beforeAll(async () => {
  t = await createTestApp({}, 'calls');
  const resident = await makeResident(t.database);
  residentId = resident.id;
  residentCookie = await logInAs(t.app, resident.email);
  const cookieOf = async (roles: Parameters<typeof makeUser>[1]) =>
    logInAs(t.app, (await makeUser(t.database, roles)).email);
  chuoCoordinator = await cookieOf({ roles: [{ role: 'coordinator', district: 'chuo' }] });
  kaguraCoordinator = await cookieOf({ roles: [{ role: 'coordinator', district: 'kagura' }] });
  admin = await cookieOf({ roles: [{ role: 'admin' }] });
});
afterAll(async () => {
  await t.close();
});

/** What the worker writes when nothing automatic reached the person. */
async function callTask(code = 'chuo'): Promise<string> {
  const [row] = await t.database.db
    .insert(notifications)
    .values({
      userId: residentId,
      eventKey: `match.accepted:${crypto.randomUUID()}`,
      eventType: 'match.accepted',
      channel: 'phone_call',
      template: 'match.accepted/v1',
      language: 'ja',
      status: 'sent',
      districtId: await districtIdOf(t.database, code),
    })
    .returning({ id: notifications.id });
  return row!.id;
}

const list = (cookie: string) => request(t.app, { method: 'GET', url: '/api/calls', cookie });
const markDone = (cookie: string, id: string) =>
  request(t.app, { method: 'POST', url: `/api/calls/${id}/done`, cookie });

describe('the call list', () => {
  it("shows a district's calls to its coordinators and admins only, without the phone", async () => {
    const id = await callTask();
    const own = await list(chuoCoordinator);
    expect(own.statusCode).toBe(200);
    expect(own.json().calls).toContainEqual(
      expect.objectContaining({
        id,
        eventType: 'match.accepted',
        personName: 'テスト 利用者',
        language: 'ja',
        district: 'chuo',
      }),
    );
    expect(JSON.stringify(own.json())).not.toContain('0166-01-2345');
    expect((await list(admin)).json().calls.map((c: { id: string }) => c.id)).toContain(id);
    expect((await list(kaguraCoordinator)).json().calls).toEqual([]);
    expect((await list(residentCookie)).statusCode).toBe(403);
    expect((await request(t.app, { method: 'GET', url: '/api/calls' })).statusCode).toBe(401);
  });

  it('records a call as delivered, once, by a coordinator of its district', async () => {
    const id = await callTask();
    expect((await markDone(kaguraCoordinator, id)).statusCode).toBe(403);
    expect((await markDone(residentCookie, id)).statusCode).toBe(403);
    const done = await markDone(chuoCoordinator, id);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ id, status: 'delivered' });
    const [row] = await t.database.db.select().from(notifications).where(eq(notifications.id, id));
    expect(row!.status).toBe('delivered');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'notification.called'), eq(auditEvents.subjectId, id)));
    expect(audit).toHaveLength(1);
    expect(
      (await list(chuoCoordinator)).json().calls.map((c: { id: string }) => c.id),
    ).not.toContain(id);
    // Pressing the button twice is not an error, and records nothing more.
    expect((await markDone(chuoCoordinator, id)).statusCode).toBe(200);
    expect(
      await t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'notification.called'), eq(auditEvents.subjectId, id))),
    ).toHaveLength(1);
    expect((await markDone(chuoCoordinator, crypto.randomUUID())).statusCode).toBe(404);
  });
});

describe('the call script and the deadline', () => {
  it('gives a script in plain Japanese (who is coming, when) and lists overdue calls first', async () => {
    const chuo = await districtIdOf(t.database, 'chuo');
    const start = new Date(`${jstDate(2)}T08:00:00+09:00`);
    const [request] = await t.database.db
      .insert(helpRequests)
      .values({
        residentId,
        createdBy: residentId,
        districtId: chuo,
        category: 'snow',
        address: CHUO_ADDRESS,
        windowStart: start,
        windowEnd: new Date(start.getTime() + 3 * 3_600_000),
      })
      .returning({ id: helpRequests.id });
    const volunteer = await makeVolunteer(t.database);
    await t.database.db
      .update(users)
      .set({ displayName: '山田 太郎' })
      .where(eq(users.id, volunteer.id));
    const { matchId } = await proposeMatch(t.database.db, {
      requestId: request!.id,
      volunteerId: volunteer.id,
      score: 1,
      breakdown: { total: 1, terms: [] },
    });
    const insertCall = async (eventType: 'match.accepted' | 'match.declined') => {
      const [row] = await t.database.db
        .insert(notifications)
        .values({
          userId: residentId,
          eventKey: `${eventType}:${crypto.randomUUID()}`,
          eventType,
          channel: 'phone_call',
          template: `${eventType}/v1`,
          language: 'ja',
          status: 'sent',
          districtId: chuo,
          requestId: request!.id,
          matchId: matchId!,
        })
        .returning({ id: notifications.id });
      return row!.id;
    };
    const coming = await insertCall('match.accepted');
    const late = await insertCall('match.declined');
    // The worker escalated the second one (its deadline passed).
    await t.database.db.insert(notifications).values({
      userId: residentId,
      eventKey: `call.overdue:${late}`,
      eventType: 'call.overdue',
      channel: 'email',
      template: 'call.overdue/v1',
      language: 'ja',
      status: 'sent',
      districtId: chuo,
    });

    const calls = (await list(chuoCoordinator)).json().calls as Array<{
      id: string;
      overdue: boolean;
      script: { why: string; say: string[] };
    }>;
    expect(calls[0]).toMatchObject({ id: late, overdue: true });
    const script = calls.find((c) => c.id === coming)!;
    expect(script.overdue).toBe(false);
    expect(script.script.why).toBe('利用者の 方に、手伝う 人が 決まったと 伝える 電話です。');
    expect(script.script.say[0]).toBe(
      'テスト 利用者さんの お宅ですか。ささえあい（地区ボランティアセンター）です。',
    );
    expect(script.script.say[1]).toMatch(/^山田さんが .*8:00から 11:00までに 雪かきに 行きます。$/);
    expect(JSON.stringify(calls)).not.toContain(CHUO_ADDRESS);
    expect(JSON.stringify(calls)).not.toContain('0166-01-2345');
  });
});
