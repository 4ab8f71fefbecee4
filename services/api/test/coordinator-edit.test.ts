import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { auditEvents, helpRequests, matches, outbox } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  CHUO_ADDRESS,
  districtIdOf,
  jstDate,
  makeResident,
  makeVolunteer,
} from './help-loop-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let coordinatorId = '';

beforeAll(async () => {
  t = await createTestApp({}, 'edit');
  const chuo = await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] });
  const kagura = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'kagura' }],
  });
  coordinatorId = chuo.id;
  cookies.chuo = await logInAs(t.app, chuo.email);
  cookies.kagura = await logInAs(t.app, kagura.email);
});
afterAll(async () => {
  await t.close();
});

/** A chuo request for two helpers: one offered, one proposed (slots 0 and 1). */
async function requestWithHelpers() {
  const resident = await makeResident(t.database);
  const start = new Date(`${jstDate(3)}T08:00:00+09:00`);
  const [row] = await t.database.db
    .insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId: await districtIdOf(t.database, 'chuo'),
      category: 'snow',
      address: CHUO_ADDRESS,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 3 * 3_600_000),
      peopleNeeded: 2,
      notes: '玄関前',
    })
    .returning({ id: helpRequests.id });
  const ids: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const volunteer = await makeVolunteer(t.database);
    const { matchId } = await proposeMatch(t.database.db, {
      requestId: row!.id,
      volunteerId: volunteer.id,
      score: 1,
      breakdown: { total: 1, terms: [] },
    });
    ids.push(matchId!);
  }
  await approveMatch(t.database.db, ids[0]!, coordinatorId);
  return { requestId: row!.id, matchIds: ids };
}

const patch = (who: string, id: string, payload: unknown) =>
  request(t.app, {
    method: 'PATCH',
    url: `/api/help-requests/${id}`,
    cookie: cookies[who],
    payload: payload as object,
  });

async function load(requestId: string) {
  const [row] = await t.database.db
    .select()
    .from(helpRequests)
    .where(eq(helpRequests.id, requestId));
  const live = await t.database.db.select().from(matches).where(eq(matches.requestId, requestId));
  return { row: row!, statuses: Object.fromEntries(live.map((m) => [m.id, m.status])) };
}

async function editedRows(requestId: string) {
  const rows = await t.database.db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(eq(outbox.topic, 'help_request.edited'));
  return rows
    .map((r) => r.payload as { requestId: string })
    .filter((p) => p.requestId === requestId);
}

describe('PATCH /api/help-requests/:id (coordinator edits)', () => {
  it('changes notes alone without touching the helpers', async () => {
    const { requestId, matchIds } = await requestWithHelpers();
    const response = await patch('chuo', requestId, { notes: '裏口から お願いします' });
    expect(response.statusCode, response.body).toBe(200);
    const { row, statuses } = await load(requestId);
    expect(row.notes).toBe('裏口から お願いします');
    expect(statuses).toEqual({ [matchIds[0]!]: 'offered', [matchIds[1]!]: 'proposed' });
    // The offered volunteer keeps the task and hears what changed: an outbox row, ids only.
    expect(await editedRows(requestId)).toEqual([
      { requestId, districtId: await districtIdOf(t.database, 'chuo') },
    ]);
  });

  it('a change nobody offered the task knows of, or that withdrew them, writes no edited row', async () => {
    const { requestId } = await requestWithHelpers();
    await patch('chuo', requestId, {
      when: { kind: 'window', date: jstDate(4), from: '13:00', to: '15:00' },
    });
    expect(await editedRows(requestId)).toEqual([]);
  });

  it('a new window withdraws every live match and matches again, audited with ids only', async () => {
    const { requestId, matchIds } = await requestWithHelpers();
    const response = await patch('chuo', requestId, {
      when: { kind: 'window', date: jstDate(4), from: '13:00', to: '15:00' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const { row, statuses } = await load(requestId);
    expect(row.windowStart.toISOString()).toBe(
      new Date(`${jstDate(4)}T13:00:00+09:00`).toISOString(),
    );
    expect(row.status).toBe('matching');
    expect(statuses).toEqual({ [matchIds[0]!]: 'cancelled', [matchIds[1]!]: 'cancelled' });
    const queued = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.topic, 'help_request.changed'));
    expect(queued.some((o) => (o.payload as { requestId: string }).requestId === requestId)).toBe(
      true,
    );
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, requestId), eq(auditEvents.action, 'help_request.edited')),
      );
    expect(audit!.actorId).toBe(coordinatorId);
    expect(audit!.details).toEqual({ fields: ['window'], withdrawnMatchIds: matchIds.sort() });
  });

  it('fewer helpers withdraws only the places beyond the new count', async () => {
    const { requestId, matchIds } = await requestWithHelpers();
    const response = await patch('chuo', requestId, { peopleNeeded: 1 });
    expect(response.statusCode, response.body).toBe(200);
    const { row, statuses } = await load(requestId);
    expect(row.peopleNeeded).toBe(1);
    expect(statuses).toEqual({ [matchIds[0]!]: 'offered', [matchIds[1]!]: 'cancelled' });
  });

  it('refuses bad input with field errors in both languages, writing nothing', async () => {
    const { requestId } = await requestWithHelpers();
    const bad: unknown[] = [
      {},
      { peopleNeeded: 0 },
      { peopleNeeded: -3 },
      { peopleNeeded: 11 },
      { peopleNeeded: 1.5 },
      { notes: 'あ'.repeat(501) },
      { notes: 'NUL\u0000' },
      { when: { kind: 'window', date: jstDate(4), from: '15:00', to: '13:00' } },
      { when: { kind: 'window', date: jstDate(-2), from: '08:00', to: '10:00' } },
      { address: '別の 住所' },
    ];
    for (const payload of bad) {
      const response = await patch('chuo', requestId, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
      const fields = response.json<{
        error: { fields: { message: { ja: string; en: string } }[] };
      }>().error.fields;
      expect(fields[0]!.message.ja).toBeTruthy();
      expect(fields[0]!.message.en).toBeTruthy();
    }
    const { row } = await load(requestId);
    expect(row.peopleNeeded).toBe(2);
    expect(row.notes).toBe('玄関前');
  });

  it('refuses another district’s coordinator and a cancelled request', async () => {
    const { requestId } = await requestWithHelpers();
    expect((await patch('kagura', requestId, { notes: 'x' })).statusCode).toBe(404);
    await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/cancel`,
      cookie: cookies.chuo,
      payload: {},
    });
    expect((await patch('chuo', requestId, { notes: 'x' })).statusCode).toBe(409);
  });
});
