/**
 * WebSocket fan-out: N coordinators of one district connected to the real API's `/ws` (each with
 * a session of their own) receive live events published through the hub (Redis pub/sub, then
 * each socket of the district); the same events go, in the same run, through a bare `ws`
 * broadcast loop to N clients — the ceiling. Reports delivery latency p50/p99/max of each and
 * the ratio, prints a table and writes JSON to bench/results/.
 *
 *   pnpm bench:ws [--clients 500] [--events 200] [--interval-ms 20]
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import WebSocket, { WebSocketServer } from 'ws';
import { districts } from '@sasaeai/db/schema';
import { dropDatabase, prepareTemplateDatabase } from '@sasaeai/db/testing';
import { makeUser, startTestServer } from '@sasaeai/api/test-helper';
import { createSession } from '../../services/api/src/auth/sessions.ts';
import { machineFacts, writeBenchResult } from './results.ts';
import { round, summarise } from './snowstorm/stats.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '500' },
    events: { type: 'string', default: '200' },
    'interval-ms': { type: 'string', default: '20' },
  },
});
const CLIENTS = Number(args.clients);
const EVENTS = Number(args.events);
const INTERVAL_MS = Number(args['interval-ms']);

const say = (line: string) => process.stderr.write(`[ws-fanout] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Client {
  socket: WebSocket;
  received: Map<string, number>;
}

/** Opens `count` sockets in batches and waits until each has its first message. */
async function connectAll(count: number, open: () => WebSocket): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => {
      const socket = open();
      const client: Client = { socket, received: new Map() };
      socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as { requestId?: string };
        if (event.requestId) client.received.set(event.requestId, performance.now());
      });
      return client;
    });
    await Promise.all(batch.map((client) => once(client.socket, 'open')));
    clients.push(...batch);
    say(`connected ${clients.length}/${count}`);
  }
  return clients;
}

/** Sends EVENTS events through `send`, then gathers each client's delivery latency. */
async function run(clients: Client[], send: (requestId: string) => Promise<void> | void) {
  const sentAt = new Map<string, number>();
  for (let i = 0; i < EVENTS; i += 1) {
    const requestId = randomUUID();
    sentAt.set(requestId, performance.now());
    await send(requestId);
    await sleep(INTERVAL_MS);
  }
  const deadline = Date.now() + 30_000;
  const expected = clients.length * EVENTS;
  const deliveredCount = () => clients.reduce((sum, c) => sum + c.received.size, 0);
  while (deliveredCount() < expected && Date.now() < deadline) await sleep(50);
  const latencies: number[] = [];
  for (const client of clients) {
    for (const [requestId, at] of client.received) latencies.push(at - sentAt.get(requestId)!);
  }
  return { delivered: latencies.length, expected, latencyMs: summarise(latencies) };
}

async function main() {
  const template = `sasaeai_tpl_wsbench_${process.pid}`;
  process.env.SASAEAI_TEST_TEMPLATE = template;
  await prepareTemplateDatabase(template);
  const server = await startTestServer();
  try {
    const [chuo] = await server.database.db
      .select({ id: districts.id })
      .from(districts)
      .where(eq(districts.code, 'chuo'));
    say(`creating ${CLIENTS} coordinators with a session each`);
    const tokens: string[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const user = await makeUser(server.database, {
        roles: [{ role: 'coordinator', district: 'chuo' }],
      });
      tokens.push((await createSession(server.database.db, user.id, 1)).token);
    }

    let next = 0;
    const sasaeai = await connectAll(
      CLIENTS,
      () =>
        new WebSocket(`${server.url.replace('http', 'ws')}/ws`, {
          headers: { origin: server.url, cookie: `sasaeai_session=${tokens[next++]!}` },
        }),
    );
    say('publishing through the hub');
    const hub = await run(sasaeai, (requestId) =>
      server.app.live.publish(
        { districtId: chuo!.id },
        { type: 'help_request.changed', requestId, status: 'proposed' },
      ),
    );
    for (const client of sasaeai) client.socket.close();

    const bare = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(bare, 'listening');
    const { port } = bare.address() as { port: number };
    const plain = await connectAll(CLIENTS, () => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`);
      return socket;
    });
    say('broadcasting through a bare ws loop');
    const ceiling = await run(plain, (requestId) => {
      const data = JSON.stringify({ type: 'help_request.changed', requestId, status: 'proposed' });
      for (const socket of bare.clients) socket.send(data);
    });
    for (const client of plain) client.socket.close();
    bare.close();

    const report = {
      when: new Date().toISOString(),
      clients: CLIENTS,
      events: EVENTS,
      intervalMs: INTERVAL_MS,
      machine: machineFacts(),
      hub,
      bareBroadcast: ceiling,
      ratios: {
        p50: hub.latencyMs.p50 / ceiling.latencyMs.p50,
        p99: hub.latencyMs.p99 / ceiling.latencyMs.p99,
      },
    };
    const file = writeBenchResult('ws-fanout', report);
    console.table({
      'hub (Redis → /ws)': {
        delivered: `${hub.delivered}/${hub.expected}`,
        'p50 ms': round(hub.latencyMs.p50),
        'p99 ms': round(hub.latencyMs.p99),
        'max ms': round(hub.latencyMs.max),
      },
      'bare ws broadcast': {
        delivered: `${ceiling.delivered}/${ceiling.expected}`,
        'p50 ms': round(ceiling.latencyMs.p50),
        'p99 ms': round(ceiling.latencyMs.p99),
        'max ms': round(ceiling.latencyMs.max),
      },
    });
    console.log(
      `hub ÷ bare: p50 ${round(report.ratios.p50, 2)}×, p99 ${round(report.ratios.p99, 2)}× — ${file}`,
    );
  } finally {
    await server.close();
    await dropDatabase(template);
  }
}

await main();
