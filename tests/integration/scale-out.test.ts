/**
 * Two API and two worker processes on one PostgreSQL and Redis, as a scaled-out deployment runs:
 * live events reach the sockets of both APIs; a surge posted through both is matched with no
 * volunteer proposed twice and no double booking; and a rolling restart (SIGTERM one process at
 * a time) under a steady stream of requests loses none, answers no 5xx, and drains the requests
 * in flight on the process being stopped.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { helpRequests, matches, outbox } from '@sasaeai/db/schema';
import { seedReferenceData } from '@sasaeai/db/seed';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { makeUser, TEST_PASSWORD } from '@sasaeai/api/test-helper';
import {
  makeResident,
  makeVolunteer,
  tomorrowJst,
} from '../../services/api/test/help-loop-fixtures.ts';
import { startApiProcess, type ApiProcess } from './api-process.ts';
import { startWorkerProcess } from './worker-process.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

const VOLUNTEERS = 30;
const SURGE = 120;

let database: TestDatabase;
let prefix: string;
let apis: ApiProcess[] = [];
let workers: ReturnType<typeof startWorkerProcess>[] = [];
const residentCookies: string[] = [];
const residentEmails: string[] = [];
let coordinatorCookie = '';

function postLogIn(api: ApiProcess, email: string, requestId = randomUUID()) {
  return fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: api.url, 'x-request-id': requestId },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
}

async function logIn(api: ApiProcess, email: string): Promise<string> {
  const response = await postLogIn(api, email);
  if (response.status !== 200) throw new Error(`login: ${response.status}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sasaeai_session='));
  return cookie!.split(';')[0]!;
}

function startWorker() {
  return startWorkerProcess({
    DATABASE_URL: database.url,
    REDIS_PREFIX: prefix,
    RECONCILE_INTERVAL_MS: '2000',
    RECONCILE_STALE_SECONDS: '2',
  });
}

const apiEnv = () => ({
  DATABASE_URL: database.url,
  REDIS_PREFIX: prefix,
  LOGIN_RATE_LIMIT_MAX: '1000',
});

interface Answer {
  status: number | 'network-error';
  requestId?: string;
}

/** Asks for help through `api` as the n-th resident. */
async function ask(
  api: ApiProcess,
  n: number,
  body: object,
  requestId = randomUUID(),
): Promise<Answer> {
  try {
    const response = await fetch(`${api.url}/api/help-requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: api.url,
        cookie: residentCookies[n % residentCookies.length]!,
        'x-request-id': requestId,
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { request?: { id: string } };
    return { status: response.status, ...(json.request ? { requestId: json.request.id } : {}) };
  } catch {
    return { status: 'network-error' };
  }
}

const sameMorning = {
  category: 'snow',
  when: { kind: 'window', date: tomorrowJst(), from: '07:00', to: '10:00' },
  where: { kind: 'profile' },
};
const asap = { category: 'rubbish', when: { kind: 'asap' }, where: { kind: 'profile' } };

/** No volunteer holds two live bookings that overlap; no request has more live helpers than places. */
async function bookingViolations() {
  const overlapping = await database.db.execute(sql`
    select a.id from matches a join matches b
      on a.volunteer_id = b.volunteer_id and a.id < b.id and a.booked_during && b.booked_during
    where a.status in ('proposed','approved','offered','accepted')
      and b.status in ('proposed','approved','offered','accepted')`);
  const overfilled = await database.db.execute(sql`
    select r.id from help_requests r join matches m on m.request_id = r.id
    where m.status in ('proposed','approved','offered','accepted')
    group by r.id, r.people_needed having count(*) > r.people_needed`);
  const twice = await database.db.execute(sql`
    select request_id from matches where status in ('proposed','approved','offered','accepted')
    group by request_id, volunteer_id having count(*) > 1`);
  return { overlapping: overlapping.length, overfilled: overfilled.length, twice: twice.length };
}

beforeAll(async () => {
  database = await createTestDatabase('scaleout');
  await seedReferenceData({ db: database.db });
  prefix = uniqueRedisPrefix('scaleout');
  for (let i = 0; i < VOLUNTEERS; i += 1) await makeVolunteer(database, 'chuo');
  const residents = await Promise.all(Array.from({ length: 8 }, () => makeResident(database)));
  const coordinator = await makeUser(database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  apis = await Promise.all([startApiProcess(apiEnv()), startApiProcess(apiEnv())]);
  workers = [startWorker(), startWorker()];
  await Promise.all(workers.map((worker) => worker.ready));
  for (const [i, resident] of residents.entries()) {
    residentEmails.push(resident.email);
    residentCookies.push(await logIn(apis[i % 2]!, resident.email));
  }
  coordinatorCookie = await logIn(apis[0]!, coordinator.email);
});

afterAll(async () => {
  const codes = await Promise.all([...apis.map((a) => a.stop()), ...workers.map((w) => w.stop())]);
  await database.drop();
  expect(codes).toEqual([0, 0, 0, 0]);
});

describe('two APIs and two workers', () => {
  it('deliver a proposal made by a worker to the coordinator sockets of both APIs', async () => {
    const sockets = apis.map((api) => {
      const socket = new WebSocket(`${api.url.replace('http', 'ws')}/ws`, {
        headers: { origin: api.url, cookie: coordinatorCookie },
      });
      const messages: { type: string; requestId?: string }[] = [];
      socket.on('message', (data) => messages.push(JSON.parse(String(data))));
      return { socket, messages };
    });
    await vi.waitFor(() => expect(sockets.every((s) => s.messages.length > 0)).toBe(true), {
      timeout: 30_000,
    });

    const asked = await ask(apis[1]!, 0, sameMorning);
    expect(asked.status).toBe(201);
    await vi.waitFor(
      () => {
        for (const { messages } of sockets) {
          expect(messages).toContainEqual(
            expect.objectContaining({ requestId: asked.requestId, status: 'proposed' }),
          );
        }
      },
      { timeout: 60_000, interval: 100 },
    );
    for (const { socket } of sockets) socket.close();
  });

  it('match a surge posted through both APIs with nobody proposed twice and no double booking', async () => {
    const answers = await Promise.all(
      Array.from({ length: SURGE }, (_, n) => ask(apis[n % 2]!, n, sameMorning)),
    );
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    // Every volunteer can take one of these overlapping mornings, and only one.
    const proposed = await vi.waitFor(
      async () => {
        const live = await database.db
          .select({ volunteerId: matches.volunteerId })
          .from(matches)
          .where(inArray(matches.status, ['proposed', 'approved', 'offered', 'accepted']));
        expect(live.length).toBe(VOLUNTEERS);
        return live;
      },
      { timeout: 120_000, interval: 250 },
    );
    expect(new Set(proposed.map((m) => m.volunteerId)).size).toBe(VOLUNTEERS);
    expect(await bookingViolations()).toEqual({ overlapping: 0, overfilled: 0, twice: 0 });
  });

  it('lose no request and answer no 5xx through a rolling restart of every process', async () => {
    const pool = new Set(apis);
    const answers: Promise<Answer>[] = [];
    let n = 0;
    let sending = true;
    const load = (async () => {
      while (sending) {
        const members = [...pool];
        answers.push(ask(members[n % members.length]!, n, asap));
        n += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    for (const [i, api] of [...apis].entries()) {
      // As a Service does before SIGTERM: no new requests to it…
      pool.delete(api);
      // …while some are still being handled there: log-ins (argon2 takes a while), SIGTERM as
      // soon as the API has logged that it started on every one of them.
      const ids = residentEmails.slice(0, 4).map(() => randomUUID());
      const inFlight = ids.map((id, k) =>
        postLogIn(api, residentEmails[k]!, id).then(
          (response) => response.status,
          () => 'network-error',
        ),
      );
      await vi.waitFor(
        () => {
          for (const id of ids) expect(api.output()).toContain(`"reqId":"${id}"`);
        },
        { timeout: 30_000, interval: 2 },
      );
      const stopped = api.stop();
      expect(await Promise.all(inFlight)).toEqual([200, 200, 200, 200]);
      expect(await stopped, api.output().slice(-3000)).toBe(0);
      const replacement = await startApiProcess(apiEnv());
      apis[i] = replacement;
      pool.add(replacement);
    }
    for (const [i, worker] of [...workers].entries()) {
      expect(await worker.stop()).toBe(0);
      workers[i] = startWorker();
      // As a rollout does: the next one stops only when this one is up.
      await workers[i]!.ready;
    }
    sending = false;
    await load;

    const settled = await Promise.all(answers);
    expect(settled.filter((a) => a.status !== 201)).toEqual([]);
    const ids = settled.map((a) => a.requestId!);
    expect(ids.length).toBeGreaterThan(20);
    // None lost or doubled, every one has reached the matcher (none left `open`), and every
    // announcement has been relayed (a district run may match a request before its own row is).
    await vi.waitFor(
      async () => {
        const rows = await database.db
          .select({ id: helpRequests.id, status: helpRequests.status })
          .from(helpRequests)
          .where(inArray(helpRequests.id, ids));
        expect(rows).toHaveLength(ids.length);
        expect(rows.filter((r) => r.status === 'open')).toEqual([]);
        const pending = await database.db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(isNull(outbox.dispatchedAt), eq(outbox.topic, 'help_request.created')));
        expect(pending).toEqual([]);
      },
      { timeout: 120_000, interval: 500 },
    );
    expect(await bookingViolations()).toEqual({ overlapping: 0, overfilled: 0, twice: 0 });
  });
});
