import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../bench/snowstorm/processes.ts';

export interface OwnRedis {
  url: string;
  /** A connection that does not retry (for FLUSHALL and counts). */
  client(): Redis;
  /** Kills the server (SIGKILL, no save): what a crashed or rebooted node looks like. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/**
 * A redis-server of its own on a spare port, without persistence: a restart comes back empty,
 * the harshest case for the queues (every waiting job gone; the outbox and reconciler recover).
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();

  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const current = child;
    exited = new Promise((resolve) => current.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const probe = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => {}); // refused until the server listens
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server did not start on ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        probe.disconnect();
      }
    }
  };
  await start();
  return {
    url,
    client: () => new Redis(url, { maxRetriesPerRequest: 1 }),
    start,
    stop: async () => {
      child?.kill('SIGKILL');
      await exited;
    },
  };
}
