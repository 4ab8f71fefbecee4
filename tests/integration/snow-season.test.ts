import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { helpRequests, matches } from '@sasaeai/db/schema';
import type { DeclareSnowEventResponse } from '@sasaeai/contracts';
import { logInAs, makeUser, startTestServer, type TestServer } from '@sasaeai/api/test-helper';
import { makeResident, makeVolunteer } from '../../services/api/test/help-loop-fixtures.ts';
import { makeRegistration, snowDay } from '../../services/api/test/snow-fixtures.ts';
import { startWorkerProcess } from './worker-process.ts';

/**
 * A declared snowfall on the real stack: the API expands the winter registrations into requests
 * with their outbox rows, and the worker process relays and matches them like any surge.
 */
let server: TestServer;
let worker: ReturnType<typeof startWorkerProcess>;
let coordinator: string;
const registrationIds: string[] = [];
const HOUSEHOLDS = 3;

beforeAll(async () => {
  server = await startTestServer();
  worker = startWorkerProcess({
    DATABASE_URL: server.database.url,
    REDIS_PREFIX: server.config.REDIS_PREFIX,
  });
  for (let i = 0; i < HOUSEHOLDS; i += 1) {
    const resident = await makeResident(server.database);
    registrationIds.push((await makeRegistration(server.database, resident.id)).id);
    await makeVolunteer(server.database);
  }
  const user = await makeUser(server.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinator = await logInAs(server.app, user.email);
}, 60_000);
afterAll(async () => {
  expect(await worker.stop()).toBe(0);
  await server.close();
});

describe('a snow event through the worker', () => {
  it('the requests a declaration creates are matched by the matching worker', async () => {
    const response = await fetch(`${server.url}/api/snow-events`, {
      method: 'POST',
      headers: { cookie: coordinator, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ districts: ['chuo'], cm: 20, observedOn: snowDay() }),
    });
    expect(response.status).toBe(200);
    const declared = (await response.json()) as DeclareSnowEventResponse;
    expect(declared.created).toBe(HOUSEHOLDS);

    const requests = await server.database.db
      .select({ id: helpRequests.id })
      .from(helpRequests)
      .where(inArray(helpRequests.winterRegistrationId, registrationIds));
    expect(requests).toHaveLength(HOUSEHOLDS);
    const requestIds = requests.map((r) => r.id);

    await vi.waitFor(
      async () => {
        const proposed = await server.database.db
          .select({ requestId: matches.requestId, volunteerId: matches.volunteerId })
          .from(matches)
          .where(and(inArray(matches.requestId, requestIds), eq(matches.status, 'proposed')));
        expect(new Set(proposed.map((m) => m.requestId)).size).toBe(HOUSEHOLDS);
        // One window for everyone: each individual helper is booked once.
        expect(new Set(proposed.map((m) => m.volunteerId)).size).toBe(HOUSEHOLDS);
      },
      { timeout: 30_000, interval: 50 },
    );
    const statuses = await server.database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(inArray(helpRequests.id, requestIds));
    expect(statuses.every((s) => s.status === 'proposed')).toBe(true);
  });
});
