/**
 * 「となりの 地区にも いますぐ お願いする」: a coordinator sends a waiting request to the
 * neighbouring districts' volunteers without the neighbour wait. Only the request's own
 * district's coordinators (and admins) may; it is audited and the matcher is asked to run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, helpRequests, outbox } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { CHUO_ADDRESS, districtIdOf, makeResident } from './help-loop-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({}, 'neighbours-now');
  const chuo = await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] });
  const kagura = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'kagura' }],
  });
  const resident = await makeResident(t.database);
  cookies.chuo = await logInAs(t.app, chuo.email);
  cookies.kagura = await logInAs(t.app, kagura.email);
  cookies.resident = await logInAs(t.app, resident.email);
});
afterAll(async () => {
  await t.close();
});

async function waitingRequest(status: 'matching' | 'unmatched' | 'cancelled' = 'matching') {
  const resident = await makeResident(t.database);
  const start = new Date(Date.now() + 2 * 86_400_000);
  const [row] = await t.database.db
    .insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId: await districtIdOf(t.database, 'chuo'),
      category: 'snow',
      address: CHUO_ADDRESS,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 2 * 3_600_000),
      status,
      matchingSince: new Date(Date.now() - 10 * 60_000),
    })
    .returning({ id: helpRequests.id });
  return row!.id;
}

const send = (who: string | undefined, id: string) =>
  request(t.app, {
    method: 'POST',
    url: `/api/help-requests/${id}/neighbours-now`,
    ...(who ? { cookie: cookies[who] } : {}),
    payload: {},
  });

const outboxRows = (requestId: string) =>
  t.database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'help_request.changed')))
    .then((rows) => rows.filter((row) => JSON.stringify(row.payload).includes(requestId)));

describe('send to neighbours now', () => {
  it('marks the request, audits it and asks the matcher to run, once', async () => {
    const id = await waitingRequest();
    const sent = await send('chuo', id);
    expect(sent.statusCode, sent.body).toBe(200);
    const opened = sent.json<{ request: { neighboursOpenedAt: string | null; status: string } }>();
    expect(opened.request.neighboursOpenedAt).not.toBeNull();
    expect(opened.request.status).toBe('matching');
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'help_request.neighbours_opened'));
    expect(audits.filter((a) => a.subjectId === id)).toHaveLength(1);
    expect(await outboxRows(id)).toHaveLength(1);
    // The wait still counts from when it entered matching.
    const [row] = await t.database.db.select().from(helpRequests).where(eq(helpRequests.id, id));
    expect(Date.now() - row!.matchingSince!.getTime()).toBeGreaterThan(9 * 60_000);

    const again = await send('chuo', id);
    expect(again.statusCode).toBe(200);
    expect(again.json<typeof opened>().request.neighboursOpenedAt).toBe(
      opened.request.neighboursOpenedAt,
    );
    expect(await outboxRows(id)).toHaveLength(1);
  });

  it('takes a request from the inbox back to matching', async () => {
    const id = await waitingRequest('unmatched');
    const sent = await send('chuo', id);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<{ request: { status: string } }>().request.status).toBe('matching');
  });

  it('refuses a request that is no longer looking, and everyone but its coordinators', async () => {
    const cancelled = await waitingRequest('cancelled');
    expect((await send('chuo', cancelled)).statusCode).toBe(409);
    const id = await waitingRequest();
    expect((await send(undefined, id)).statusCode).toBe(401);
    expect((await send('kagura', id)).statusCode).toBe(404);
    expect((await send('resident', id)).statusCode).toBe(404);
    expect((await send('chuo', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await send('chuo', 'not-a-uuid')).statusCode).toBe(400);
    const [row] = await t.database.db.select().from(helpRequests).where(eq(helpRequests.id, id));
    expect(row!.neighboursOpenedAt).toBeNull();
  });
});
