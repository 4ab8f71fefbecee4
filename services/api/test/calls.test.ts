import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, notifications } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf, makeResident } from './help-loop-fixtures.ts';

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
