import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { helpRequests, matches } from '@sasaeai/db/schema';
import type { DeclareSnowEventResponse } from '@sasaeai/contracts';
import { jstToday } from '@sasaeai/core';
import { logInAs, makeUser, startTestServer, type TestServer } from '@sasaeai/api/test-helper';
import { makeResident, makeVolunteer } from '../../services/api/test/help-loop-fixtures.ts';
import { makeRegistration, snowDay } from '../../services/api/test/snow-fixtures.ts';
import { startWorkerProcess } from './worker-process.ts';

/**
 * Season pairings on the real stack: a coordinator pairs a household with a primary and a backup
 * helper through the API, declares a snowfall, and the worker process offers the morning's job to
 * the primary first; when the primary declines, to the backup; when the backup declines too,
 * batch matching proposes another helper.
 */
let server: TestServer;
let worker: ReturnType<typeof startWorkerProcess>;

beforeAll(async () => {
  server = await startTestServer();
  worker = startWorkerProcess({
    DATABASE_URL: server.database.url,
    REDIS_PREFIX: server.config.REDIS_PREFIX,
  });
}, 60_000);
afterAll(async () => {
  expect(await worker.stop()).toBe(0);
  await server.close();
});

async function call(cookie: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, origin: server.url, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('season pairs on a snowfall, through the worker', () => {
  it('offers the primary first, the backup after a decline, then batch matching', async () => {
    const database = server.database;
    const resident = await makeResident(database);
    const registration = await makeRegistration(database, resident.id);
    const primary = await makeVolunteer(database);
    const backup = await makeVolunteer(database);
    const other = await makeVolunteer(database);
    const user = await makeUser(database, { roles: [{ role: 'coordinator', district: 'chuo' }] });
    const coordinator = await logInAs(server.app, user.email);

    for (const [helper, role] of [
      [primary, 'primary'],
      [backup, 'backup'],
    ] as const) {
      const recorded = await call(
        coordinator,
        'POST',
        `/api/winter-registrations/${registration.id}/pairings`,
        { helperId: helper.id, role, metOn: jstToday(new Date()) },
      );
      expect(recorded.status).toBe(201);
    }

    const declared = await call(coordinator, 'POST', '/api/snow-events', {
      districts: ['chuo'],
      cm: 20,
      observedOn: snowDay(),
    });
    expect(declared.status).toBe(200);
    expect((declared.body as unknown as DeclareSnowEventResponse).created).toBe(1);
    const [request] = await database.db
      .select({ id: helpRequests.id })
      .from(helpRequests)
      .where(eq(helpRequests.winterRegistrationId, registration.id));

    const matchesNow = () =>
      database.db
        .select()
        .from(matches)
        .where(eq(matches.requestId, request!.id))
        .orderBy(asc(matches.createdAt));
    const waitForMatches = (expected: [string, string][]) =>
      vi.waitFor(
        async () => {
          const rows = await matchesNow();
          expect(rows.map((m) => [m.volunteerId, m.status])).toEqual(expected);
          return rows;
        },
        { timeout: 30_000, interval: 100 },
      );

    let rows = await waitForMatches([[primary.id, 'offered']]);
    const primaryCookie = await logInAs(server.app, primary.email);
    expect(
      (await call(primaryCookie, 'POST', `/api/matches/${rows[0]!.id}/decline`, {})).status,
    ).toBe(200);

    rows = await waitForMatches([
      [primary.id, 'declined'],
      [backup.id, 'offered'],
    ]);
    const backupCookie = await logInAs(server.app, backup.email);
    expect(
      (await call(backupCookie, 'POST', `/api/matches/${rows[1]!.id}/decline`, {})).status,
    ).toBe(200);

    await waitForMatches([
      [primary.id, 'declined'],
      [backup.id, 'declined'],
      [other.id, 'proposed'],
    ]);
  });
});
