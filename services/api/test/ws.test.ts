import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eq } from 'drizzle-orm';
import { districts } from '@sasaeai/db/schema';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { logInAs, makeUser, startTestServer, type TestServer } from './helper.ts';

let server: TestServer;
let second: FastifyInstance;
let coordinatorCookie: string;
let volunteerCookie: string;
let chuoId: string;

beforeAll(async () => {
  server = await startTestServer();
  // A second API instance on the same database and Redis, as in a scaled-out deployment.
  second = await buildApp({ config: server.config });
  await second.ready();
  const coordinator = await makeUser(server.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  const volunteer = await makeUser(server.database, {
    roles: [{ role: 'volunteer' }],
    volunteerDistricts: ['kagura'],
  });
  coordinatorCookie = await logInAs(server.app, coordinator.email);
  volunteerCookie = await logInAs(server.app, volunteer.email);
  const [chuo] = await server.database.db
    .select()
    .from(districts)
    .where(eq(districts.code, 'chuo'));
  chuoId = chuo!.id;
});
afterAll(async () => {
  await second.close();
  await server.close();
});

function connect(headers: Record<string, string>) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers });
  const messages: unknown[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  return { socket, messages };
}

function refusal(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => reject(new Error('upgrade was accepted')));
    socket.on('error', () => {});
  });
}

async function until(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

describe('/ws', () => {
  it('refuses an upgrade without a session', async () => {
    expect(await refusal({ origin: server.url })).toBe(401);
  });

  it('refuses a cross-origin upgrade even with a valid session', async () => {
    expect(await refusal({ origin: 'https://evil.example', cookie: coordinatorCookie })).toBe(403);
  });

  it('greets a signed-in coordinator and delivers district events raised on another instance', async () => {
    const coordinator = connect({ origin: server.url, cookie: coordinatorCookie });
    const volunteer = connect({ origin: server.url, cookie: volunteerCookie });
    await until(() => coordinator.messages.length > 0 && volunteer.messages.length > 0, 2000);
    expect(coordinator.messages[0]).toMatchObject({ type: 'hello', districts: ['chuo'] });

    const requestId = crypto.randomUUID();
    await second.live.publish(
      { districtId: chuoId },
      { type: 'help_request.changed', requestId, status: 'proposed' },
    );
    const elapsed = await until(() => coordinator.messages.length > 1, 1000);
    expect(elapsed).toBeLessThan(1000);
    expect(coordinator.messages[1]).toEqual({
      type: 'help_request.changed',
      requestId,
      status: 'proposed',
    });
    // A volunteer of another district hears nothing of chuo's business.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(volunteer.messages).toHaveLength(1);
    coordinator.socket.close();
    volunteer.socket.close();
  });
});
