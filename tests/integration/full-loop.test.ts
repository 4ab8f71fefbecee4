import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { eq } from 'drizzle-orm';
import { matches } from '@sasaeai/db/schema';
import { logInAs, makeUser, startTestServer, type TestServer } from '@sasaeai/api/test-helper';
import {
  jstDate,
  makeResident,
  makeVolunteer,
  snowRequest,
} from '../../services/api/test/help-loop-fixtures.ts';
import type {
  HelpRequestList,
  HelpRequestResponse,
  MatchList,
  MatchResponse,
} from '@sasaeai/contracts';
import type { z } from 'zod';
import { startWorkerProcess } from './worker-process.ts';

/** The API's answers as its contracts describe them (error bodies are not read here). */
type Answer = z.infer<typeof HelpRequestResponse> &
  z.infer<typeof HelpRequestList> &
  z.infer<typeof MatchList> &
  z.infer<typeof MatchResponse>;

/**
 * The whole loop on the real stack: API (HTTP + /ws), the worker process, PostgreSQL and Redis.
 */
let server: TestServer;
let worker: ReturnType<typeof startWorkerProcess>;
const cookies = {} as Record<'resident' | 'coordinator' | 'first' | 'second', string>;
const volunteers = {} as Record<'first' | 'second', string>;

function call(method: string, path: string, cookie: string, body?: unknown) {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie,
      origin: server.url,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Answer }));
}

/** Waits until `probe` returns a value; a budget that holds on a busy 2-core machine. */
function until<T>(probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error(`not within ${ms} ms`);
      return value;
    },
    { timeout: ms, interval: 25 },
  );
}

beforeAll(async () => {
  server = await startTestServer();
  worker = startWorkerProcess({
    DATABASE_URL: server.database.url,
    REDIS_PREFIX: server.config.REDIS_PREFIX,
  });
  const resident = await makeResident(server.database);
  const coordinator = await makeUser(server.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  const first = await makeVolunteer(server.database);
  const second = await makeVolunteer(server.database);
  volunteers.first = first.id;
  volunteers.second = second.id;
  cookies.resident = await logInAs(server.app, resident.email);
  cookies.coordinator = await logInAs(server.app, coordinator.email);
  cookies.first = await logInAs(server.app, first.email);
  cookies.second = await logInAs(server.app, second.email);
}, 60_000);
afterAll(async () => {
  expect(await worker.stop()).toBe(0);
  await server.close();
});

describe('the help loop through the worker', () => {
  it('proposes within a second of asking, shows it live, and goes through to thanks', async () => {
    const events: { at: number; event: { type: string; status?: string; matchId?: string } }[] = [];
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, {
      headers: { origin: server.url, cookie: cookies.coordinator },
    });
    socket.on('message', (data) =>
      events.push({ at: Date.now(), event: JSON.parse(String(data)) }),
    );
    await until(async () => (events.length > 0 ? true : undefined));

    // "As soon as possible": its window is open now, so the task can be reported done.
    const asked = await call(
      'POST',
      '/api/help-requests',
      cookies.resident,
      snowRequest({ when: { kind: 'asap' } }),
    );
    expect(asked.status).toBe(201);
    const requestId = asked.body.request.id as string;

    const proposal = await until(async () =>
      events.find((e) => e.event.type === 'match.changed' && e.event.status === 'proposed'),
    );
    const [match] = await server.database.db
      .select()
      .from(matches)
      .where(eq(matches.id, proposal.event.matchId!));
    // The coordinator's screen hears of the proposal within a second of it being made.
    expect(proposal.at - match!.createdAt.getTime()).toBeLessThan(1000);
    expect(match!.requestId).toBe(requestId);
    socket.close();

    const queue = await call('GET', '/api/matches?status=proposed', cookies.coordinator);
    const queued = queue.body.matches.find((m) => m.id === match!.id)!;
    expect(queued.breakdown!.terms.map((t) => t.term)).toEqual(
      expect.arrayContaining(['distance', 'load', 'continuity']),
    );

    expect(
      (await call('POST', `/api/matches/${match!.id}/approve`, cookies.coordinator)).status,
    ).toBe(200);
    const volunteerCookie =
      match!.volunteerId === volunteers.first ? cookies.first : cookies.second;
    const accepted = await call('POST', `/api/matches/${match!.id}/accept`, volunteerCookie);
    expect(accepted.body.match.contact!.address).toContain('5条通');
    const done = await call('POST', `/api/matches/${match!.id}/complete`, volunteerCookie, {
      minutesSpent: 40,
    });
    expect(done.status).toBe(200);
    const thanked = await call('POST', `/api/help-requests/${requestId}/thanks`, cookies.resident, {
      message: 'ありがとうございました',
    });
    expect(thanked.body.request.status).toBe('done');
  });

  it('re-matches a declined offer to someone else', async () => {
    const asked = await call(
      'POST',
      '/api/help-requests',
      cookies.resident,
      snowRequest({ when: { kind: 'window', date: jstDate(5), from: '09:00', to: '11:00' } }),
    );
    const requestId = asked.body.request.id as string;
    const first = await until(async () => {
      const rows = await server.database.db
        .select()
        .from(matches)
        .where(eq(matches.requestId, requestId));
      return rows[0];
    });
    await call('POST', `/api/matches/${first.id}/approve`, cookies.coordinator);
    const declinerCookie = first.volunteerId === volunteers.first ? cookies.first : cookies.second;
    expect((await call('POST', `/api/matches/${first.id}/decline`, declinerCookie)).status).toBe(
      200,
    );
    const second = await until(async () => {
      const rows = await server.database.db
        .select()
        .from(matches)
        .where(eq(matches.requestId, requestId));
      return rows.find((row) => row.id !== first.id);
    });
    expect(second.volunteerId).not.toBe(first.volunteerId);
    expect(second.status).toBe('proposed');
  });

  it('sends a request nobody can take to the coordinator’s inbox', async () => {
    const asked = await call(
      'POST',
      '/api/help-requests',
      cookies.resident,
      snowRequest({
        category: 'shopping',
        peopleNeeded: 5,
        when: { kind: 'window', date: jstDate(6), from: '09:00', to: '11:00' },
      }),
    );
    const requestId = asked.body.request.id as string;
    const inbox = await until(async () => {
      const list = await call('GET', '/api/help-requests?status=unmatched', cookies.coordinator);
      return list.body.requests.find((r) => r.id === requestId);
    });
    expect(inbox.unmatchedReason).toBe('no_candidates');
  });
});
