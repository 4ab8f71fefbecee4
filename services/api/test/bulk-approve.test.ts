import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { proposeMatch, rejectMatch } from '@sasaeai/db/help-loop';
import { helpRequests, matches, users } from '@sasaeai/db/schema';
import type { BulkApproveResult } from '@sasaeai/contracts';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  CHUO_ADDRESS,
  districtIdOf,
  makeResident,
  makeVolunteer,
  NAGAYAMA_ADDRESS,
} from './help-loop-fixtures.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};
let day = 0;

beforeAll(async () => {
  t = await createTestApp({}, 'bulk');
  const people = {
    chuo: await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] }),
    kagura: await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'kagura' }] }),
    council: await makeUser(t.database, { roles: [{ role: 'council' }] }),
  };
  for (const [name, person] of Object.entries(people)) {
    cookies[name] = await logInAs(t.app, person.email);
  }
});
afterAll(async () => {
  await t.close();
});

/** A proposal of `volunteerId` for a fresh request on a day of its own (weeks apart). */
async function proposal(volunteerId: string, residentId: string, code = 'chuo') {
  day += 1;
  const start = new Date(Date.UTC(2027, 0, 1, 0) + day * 8 * 86_400_000);
  const [row] = await t.database.db
    .insert(helpRequests)
    .values({
      residentId,
      createdBy: residentId,
      districtId: await districtIdOf(t.database, code),
      category: 'snow',
      address: code === 'chuo' ? CHUO_ADDRESS : NAGAYAMA_ADDRESS,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 3 * 3_600_000),
    })
    .returning({ id: helpRequests.id });
  const { matchId } = await proposeMatch(t.database.db, {
    requestId: row!.id,
    volunteerId,
    score: 1,
    breakdown,
  });
  if (!matchId) throw new Error('no proposal');
  return matchId;
}

function approve(who: string, matchIds: unknown) {
  return request(t.app, {
    method: 'POST',
    url: '/api/matches/approve',
    cookie: cookies[who],
    payload: { matchIds },
  });
}

async function statuses(ids: string[]) {
  const rows = await t.database.db
    .select({ id: matches.id, status: matches.status })
    .from(matches)
    .where(inArray(matches.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

describe('POST /api/matches/approve', () => {
  it('approves each proposal and names the one that can no longer be, with why', async () => {
    const resident = await makeResident(t.database);
    const volunteer = await makeVolunteer(t.database);
    await t.database.db
      .update(users)
      .set({ displayName: '雪野 太郎' })
      .where(eq(users.id, volunteer.id));
    const ids = [
      await proposal(volunteer.id, resident.id),
      await proposal(volunteer.id, resident.id),
      await proposal(volunteer.id, resident.id),
    ];
    // Someone else rejected the middle one meanwhile.
    await rejectMatch(t.database.db, ids[1]!, volunteer.id);

    const response = await approve('chuo', ids);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<BulkApproveResult>();
    expect(body.approved).toEqual([ids[0], ids[2]]);
    expect(body.failed).toHaveLength(1);
    expect(body.failed[0]).toMatchObject({
      matchId: ids[1],
      volunteerName: '雪野 太郎',
      reason: 'invalid_state',
      request: { category: 'snow' },
    });
    expect(body.failed[0]!.message.ja).toBeTruthy();
    expect(body.failed[0]!.message.en).toBeTruthy();
    expect(await statuses(ids)).toEqual({
      [ids[0]!]: 'offered',
      [ids[1]!]: 'rejected',
      [ids[2]!]: 'offered',
    });
    expect(response.body).not.toContain(CHUO_ADDRESS);
  });

  it('refuses the whole batch when one proposal is of another district, changing nothing', async () => {
    const resident = await makeResident(t.database);
    const far = await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama');
    const volunteer = await makeVolunteer(t.database);
    const farVolunteer = await makeVolunteer(t.database, 'nagayama');
    const own = await proposal(volunteer.id, resident.id);
    const other = await proposal(farVolunteer.id, far.id, 'nagayama');
    expect((await approve('chuo', [own, other])).statusCode).toBe(403);
    expect((await approve('kagura', [own])).statusCode).toBe(403);
    expect((await approve('council', [own])).statusCode).toBe(403);
    expect((await approve('chuo', [own, '00000000-0000-4000-8000-000000000000'])).statusCode).toBe(
      404,
    );
    expect(await statuses([own, other])).toEqual({ [own]: 'proposed', [other]: 'proposed' });
    const anonymous = await request(t.app, {
      method: 'POST',
      url: '/api/matches/approve',
      payload: { matchIds: [own] },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses bad input with field errors', async () => {
    const many = Array.from({ length: 501 }, () => crypto.randomUUID());
    for (const bad of [[], many, ['not-a-uuid'], ['\u0000'], 'x', [-1], null]) {
      const response = await approve('chuo', bad);
      expect(response.statusCode, JSON.stringify(bad).slice(0, 40)).toBe(400);
      expect(response.json<{ error: { fields: unknown[] } }>().error.fields.length).toBeGreaterThan(
        0,
      );
    }
  });

  it('names refused proposals by id afterwards, only in the reader’s districts', async () => {
    const resident = await makeResident(t.database);
    const volunteer = await makeVolunteer(t.database);
    const [a, b] = [
      await proposal(volunteer.id, resident.id),
      await proposal(volunteer.id, resident.id),
    ];
    await proposal(volunteer.id, resident.id);
    const read = (who: string, ids: string) =>
      request(t.app, { method: 'GET', url: `/api/matches?ids=${ids}`, cookie: cookies[who] });
    const own = await read('chuo', `${a},${b}`);
    expect(own.statusCode, own.body).toBe(200);
    const listed = own.json<{ matches: { id: string }[] }>().matches.map((m) => m.id);
    expect(listed.sort()).toEqual([a, b].sort());
    const other = await read('kagura', `${a},${b}`);
    expect(other.json<{ matches: unknown[] }>().matches).toEqual([]);
    const many = Array.from({ length: 21 }, () => crypto.randomUUID()).join(',');
    for (const bad of ['', 'x', `${a},`, '%00', many, `${a},-1`]) {
      const response = await read('chuo', bad);
      expect(response.statusCode, bad.slice(0, 40)).toBe(400);
      expect(response.json<{ error: { fields: unknown[] } }>().error.fields.length).toBeGreaterThan(
        0,
      );
    }
  });

  it('approves 300 proposals in one call well within a minute', async () => {
    const resident = await makeResident(t.database);
    const volunteers = await Promise.all(
      Array.from({ length: 30 }, () => makeVolunteer(t.database)),
    );
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      for (const volunteer of volunteers) ids.push(await proposal(volunteer.id, resident.id));
    }
    const started = performance.now();
    const response = await approve('chuo', ids);
    const seconds = (performance.now() - started) / 1000;
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<BulkApproveResult>();
    expect(body.approved).toHaveLength(300);
    expect(body.failed).toEqual([]);
    console.log(`bulk approve: 300 proposals in ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(60);
  }, 180_000);
});
