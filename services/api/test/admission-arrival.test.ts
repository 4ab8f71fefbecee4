import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './helper.ts';

const TOKEN = 'admission-arrival-token-0123456789';
const BUDGET_MS = 1500;
let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await createTestApp(
    {
      ADMISSION_MAX_WAIT_MS: String(BUDGET_MS),
      ADMISSION_MAX_EVENT_LOOP_DELAY_MS: '100',
      METRICS_TOKEN: TOKEN,
    },
    'admission-arrival',
  );
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => t.close());

async function openConnection(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Sends one raw HTTP/1.1 request on `socket` and reads the whole answer. */
async function exchange(socket: Socket, body: string) {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  const ended = new Promise<void>((resolve) => socket.once('end', resolve));
  socket.write(
    [
      'POST /api/help-requests HTTP/1.1',
      `Host: 127.0.0.1:${String(port)}`,
      'Content-Type: application/json',
      `Content-Length: ${String(Buffer.byteLength(body))}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
  await ended;
  const [head = '', payload = ''] = text.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    retryAfter: /^retry-after: (\S+)$/im.exec(head)?.[1],
    payload,
  };
}

async function refusedTotal(labels: RegExp): Promise<number> {
  const metrics = await t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const line = metrics.body
    .split('\n')
    .find((l) => l.startsWith('admission_refused_total{') && labels.test(l));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('admission budget counted from arrival', () => {
  it('refuses with 503 busy a request whose connection waited longer than the budget', async () => {
    // Sent at once on a new connection: admitted (and refused by validation, not by the gate).
    const prompt = await exchange(await openConnection(), '{}');
    expect(prompt.status).toBe(400);

    // The same request on a connection accepted more than the budget ago: what the client has
    // waited already counts, so it is told "busy" instead of being worked on late.
    const stale = await openConnection();
    await sleep(BUDGET_MS + 500); // the premise: time passes between arrival and the request
    const late = await exchange(stale, '{}');
    expect(late.status).toBe(503);
    expect(late.retryAfter).toBe('10');
    expect(JSON.parse(late.payload)).toMatchObject({ error: { code: 'busy' } });
    expect(
      await refusedTotal(/class="intake".*reason="too_old"|reason="too_old".*class="intake"/),
    ).toBe(1);
  });
});

/** One request through `agent`; says whether it went over a kept-alive connection. */
async function viaAgent(agent: Agent, method: string, path: string, body?: string) {
  return new Promise<{ status: number; reusedSocket: boolean }>((resolve, reject) => {
    const outgoing = httpRequest(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { 'content-type': 'application/json' },
      },
      (incoming) => {
        incoming.resume();
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, reusedSocket: outgoing.reusedSocket }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('a kept-alive connection', () => {
  it('counts a later request from when it came, not from when the connection was accepted', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // The connection's first request is one never gated (a probe, as a page would be).
      expect((await viaAgent(agent, 'GET', '/api/healthz')).status).toBe(200);
      await sleep(BUDGET_MS + 500); // the premise: the connection is older than the budget
      const later = await viaAgent(agent, 'POST', '/api/help-requests', '{}');
      expect(later.reusedSocket).toBe(true);
      expect(later.status).toBe(400); // admitted, then refused by validation
    } finally {
      agent.destroy();
    }
  });
});

describe('event-loop delay', () => {
  it('sheds work other than intake while the loop runs late, and recovers', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/districts' })).statusCode).toBe(200);

    // Keep the loop busy in 250 ms slices (letting its timers run between them), as a process
    // short of CPU would be.
    for (let slice = 0; slice < 6; slice++) {
      const until = performance.now() + 250;
      while (performance.now() < until) {
        // busy
      }
      await sleep(0);
    }
    const [other, intake] = await Promise.all([
      t.app.inject({ method: 'GET', url: '/api/districts' }),
      t.app.inject({ method: 'POST', url: '/api/help-requests', payload: {} }),
    ]);
    expect(other.statusCode).toBe(503);
    expect(other.headers['retry-after']).toBe('10');
    expect(other.json()).toMatchObject({ error: { code: 'busy' } });
    // Intake still passes the gate (and is refused by validation, not by admission).
    expect(intake.statusCode).toBe(400);
    expect(intake.json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect(await refusedTotal(/reason="event_loop_delay"/)).toBe(1);

    await vi.waitFor(
      async () => {
        const again = await t.app.inject({ method: 'GET', url: '/api/districts' });
        expect(again.statusCode).toBe(200);
      },
      { timeout: 20_000, interval: 200 },
    );
  });
});
