import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Socket, type Server } from 'node:net';
import type { OutboxTopic } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { outbox } from '@sasaeai/db/schema';
import { createLogger } from '../src/logger.ts';
import type { WorkerQueues } from '../src/queues.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const silentLogger = createLogger('silent');

/** Inserts outbox rows the way the API does (ids-only payloads) and returns their ids in order. */
export async function insertOutboxRows(
  db: Database,
  rows: Array<{ topic: OutboxTopic | string; payload?: unknown }>,
): Promise<bigint[]> {
  const inserted = await db
    .insert(outbox)
    .values(
      rows.map(({ topic, payload }) => ({
        topic,
        payload: payload ?? { requestId: randomUUID() },
      })),
    )
    .returning({ id: outbox.id });
  return inserted.map((row) => row.id).sort((a, b) => (a < b ? -1 : 1));
}

export async function countJobs(queues: WorkerQueues): Promise<Record<keyof WorkerQueues, number>> {
  const counts = await Promise.all(
    Object.entries(queues).map(
      async ([name, queue]) =>
        [
          name,
          await queue.getJobCountByTypes('wait', 'active', 'delayed', 'completed', 'failed'),
        ] as const,
    ),
  );
  return Object.fromEntries(counts) as Record<keyof WorkerQueues, number>;
}

export async function obliterateQueues(queues: WorkerQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.obliterate({ force: true })));
}

/** A local port nothing listens on, for "this server is down". */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string')
    throw new Error('could not find a free port');
  return address.port;
}

/**
 * A TCP proxy in front of Redis that a test can cut and restore, to play "Redis went away" for
 * one connection without touching the shared server.
 */
export class RedisOutage {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: URL,
  ) {}

  static async start(targetUrl = TEST_REDIS_URL): Promise<RedisOutage> {
    const outage = new RedisOutage(await findFreePort(), new URL(targetUrl));
    await outage.restore();
    return outage;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restore(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(this.target.port || 6379), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) {
      server.close();
      await once(server, 'close');
    }
  }
}

export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
