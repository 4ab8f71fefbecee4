import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { eq } from 'drizzle-orm';
import { issuePasswordResetLink } from '@sasaeai/db/action-links';
import { districts, sessions } from '@sasaeai/db/schema';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import {
  logInAs,
  makeUser,
  sameOrigin,
  startTestServer,
  TEST_PASSWORD,
  type TestServer,
} from './helper.ts';

let server: TestServer;
let second: FastifyInstance;
/** A third instance that re-checks its sockets' sessions every 200 ms. */
let checking: FastifyInstance;
let checkingUrl: string;
let coordinatorCookie: string;
let volunteerCookie: string;
let chuoId: string;

beforeAll(async () => {
  server = await startTestServer();
  // A second API instance on the same database and Redis, as in a scaled-out deployment.
  second = await buildApp({ config: server.config });
  await second.ready();
  checking = await buildApp({ config: { ...server.config, LIVE_SESSION_CHECK_MS: 200 } });
  await checking.listen({ host: '127.0.0.1', port: 0 });
  const address = checking.server.address();
  checkingUrl = `http://127.0.0.1:${String(address && typeof address === 'object' ? address.port : 0)}`;
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
  await checking.close();
  await second.close();
  await server.close();
});

function connect(headers: Record<string, string>, baseUrl = server.url) {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws`, { headers });
  const messages: unknown[] = [];
  let closedWith: number | null = null;
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  socket.on('close', (code) => (closedWith = code));
  return { socket, messages, closedWith: () => closedWith };
}

function refusal(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => reject(new Error('upgrade was accepted')));
    socket.on('error', () => {});
  });
}

/** Waits until `check` holds, within `ms`. */
function until(check: () => boolean, ms: number): Promise<void> {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error(`not within ${ms} ms`);
    },
    { timeout: ms, interval: 10 },
  );
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
    await until(() => coordinator.messages.length > 1, 1000);
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

describe('/ws after the session ends', () => {
  const post = (app: FastifyInstance, url: string, cookie: string, payload: object = {}) =>
    app.inject({ method: 'POST', url, headers: { ...sameOrigin, cookie }, payload });
  const ping = (userId: string) =>
    second.live.publish(
      { userId },
      { type: 'help_request.changed', requestId: crypto.randomUUID(), status: 'proposed' },
    );

  it('closes the socket of a session that logs out, from another instance, and no other', async () => {
    const user = await makeUser(server.database, { roles: [{ role: 'volunteer' }] });
    const leaving = await logInAs(server.app, user.email);
    const staying = await logInAs(server.app, user.email);
    const gone = connect({ origin: server.url, cookie: leaving });
    const kept = connect({ origin: server.url, cookie: staying });
    await until(() => gone.messages.length > 0 && kept.messages.length > 0, 2000);

    expect((await post(second, '/api/auth/logout', leaving)).statusCode).toBe(204);
    await until(() => gone.closedWith() !== null, 5000);
    expect(gone.closedWith()).toBe(4001);
    await ping(user.id);
    await until(() => kept.messages.length > 1, 1000);
    expect(gone.messages).toHaveLength(1);
    kept.socket.close();
  });

  it('closes the sockets of the sessions a password change signs out, not its own', async () => {
    const user = await makeUser(server.database, { roles: [{ role: 'volunteer' }] });
    const phone = await logInAs(server.app, user.email);
    const laptop = await logInAs(server.app, user.email);
    const phoneSocket = connect({ origin: server.url, cookie: phone });
    const laptopSocket = connect({ origin: server.url, cookie: laptop });
    await until(() => phoneSocket.messages.length > 0 && laptopSocket.messages.length > 0, 2000);

    const change = await post(second, '/api/auth/password', laptop, {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(change.statusCode).toBe(204);
    await until(() => phoneSocket.closedWith() !== null, 5000);
    await ping(user.id);
    await until(() => laptopSocket.messages.length > 1, 1000);
    expect(laptopSocket.closedWith()).toBeNull();
    laptopSocket.socket.close();
  });

  it('closes every socket of an account whose password is reset from a link', async () => {
    const user = await makeUser(server.database, { roles: [{ role: 'volunteer' }] });
    const sockets = [
      connect({ origin: server.url, cookie: await logInAs(server.app, user.email) }),
      connect({ origin: server.url, cookie: await logInAs(server.app, user.email) }),
    ];
    await until(() => sockets.every((socket) => socket.messages.length > 0), 2000);
    const { path } = await issuePasswordResetLink(server.database.db, { userId: user.id });
    const reset = await second.inject({
      method: 'POST',
      url: `/api/auth${path}`,
      headers: sameOrigin,
      payload: { newPassword: 'a brand new passphrase' },
    });
    expect(reset.statusCode).toBe(204);
    await until(() => sockets.every((socket) => socket.closedWith() === 4001), 5000);
  });

  it("closes a user's sockets when an admin changes their roles, so they reconnect with them", async () => {
    const admin = await makeUser(server.database, { roles: [{ role: 'admin' }] });
    const user = await makeUser(server.database, { roles: [{ role: 'volunteer' }] });
    const adminCookie = await logInAs(server.app, admin.email);
    const socket = connect({ origin: server.url, cookie: await logInAs(server.app, user.email) });
    await until(() => socket.messages.length > 0, 2000);

    const grant = await post(second, '/api/admin/role-assignments', adminCookie, {
      userId: user.id,
      role: 'coordinator',
      districts: ['chuo'],
    });
    expect(grant.statusCode).toBe(201);
    await until(() => socket.closedWith() !== null, 5000);
    expect(socket.closedWith()).toBe(4002);
  });

  it('closes a socket once its session has expired or vanished', async () => {
    const user = await makeUser(server.database, { roles: [{ role: 'volunteer' }] });
    const expiring = connect(
      { origin: checkingUrl, cookie: await logInAs(server.app, user.email) },
      checkingUrl,
    );
    const other = await makeUser(server.database, { roles: [{ role: 'volunteer' }] });
    const vanishing = connect(
      { origin: checkingUrl, cookie: await logInAs(server.app, other.email) },
      checkingUrl,
    );
    await until(() => expiring.messages.length > 0 && vanishing.messages.length > 0, 2000);
    // Still valid: the checks leave it open.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(expiring.closedWith()).toBeNull();

    await server.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.id));
    // Deleted without a word on the live channel (e.g. while Redis was away).
    await server.database.db.delete(sessions).where(eq(sessions.userId, other.id));
    await until(() => expiring.closedWith() !== null && vanishing.closedWith() !== null, 5000);
    expect(expiring.closedWith()).toBe(4001);
  });
});
