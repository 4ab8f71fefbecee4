import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type { OwnPostgres } from './own-postgres.ts';
import type { OwnRedis } from './own-redis.ts';
import type { Supervised } from './services.ts';

export interface Stack {
  db: Database;
  postgres: OwnPostgres;
  redis: OwnRedis;
  worker: Supervised;
  /** Matching jobs running right now (BullMQ `active`). */
  activeMatchingJobs(): Promise<number>;
  redisDownMs: number;
  log(line: string): void;
}

export interface Fault {
  name: string;
  what: string;
  /** Injected once a quarter of the burst has been answered; resolves with a note for the report. */
  during?(stack: Stack): Promise<string>;
  /** Injected after the burst has been answered and relayed once. */
  afterBurst?(stack: Stack): Promise<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (up to 30 s) until the worker is running a matching job, so a signal lands mid-job. */
async function untilMidJob(stack: Stack): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await stack.activeMatchingJobs().catch(() => 0)) > 0) return true;
    await sleep(10);
  }
  return false;
}

async function untilRelayed(db: Database) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const [row] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from outbox where dispatched_at is null`,
    );
    if (row!.n === 0) return;
    await sleep(250);
  }
}

export const faults: readonly Fault[] = [
  {
    name: 'redis-flushall',
    what: 'Redis FLUSHALL: every queue, job, lock and rate-limit counter gone',
    during: async ({ redis }) => {
      const client = redis.client();
      await client.flushall();
      client.disconnect();
      return 'flushed';
    },
  },
  {
    name: 'redis-down',
    what: 'Redis killed, kept down, then started again empty',
    during: async ({ redis, redisDownMs, log }) => {
      await redis.stop();
      log(`  redis down for ${redisDownMs / 1000} s`);
      await sleep(redisDownMs);
      await redis.start();
      return `down ${redisDownMs / 1000} s`;
    },
  },
  {
    name: 'worker-kill-9',
    what: 'the worker killed with SIGKILL mid-job, then started again',
    during: async (stack) => {
      const midJob = await untilMidJob(stack);
      const code = await stack.worker.stop('SIGKILL');
      await sleep(1000);
      stack.worker.restart();
      return `${midJob ? 'mid-job' : 'no job seen running'}, exit ${code ?? 'signal'}`;
    },
  },
  {
    name: 'worker-sigterm',
    what: 'the worker sent SIGTERM mid-job (drains, exits), then started again',
    during: async (stack) => {
      const midJob = await untilMidJob(stack);
      const code = await stack.worker.stop('SIGTERM');
      stack.worker.restart();
      return `${midJob ? 'mid-job' : 'no job seen running'}, exit ${code ?? 'signal'}`;
    },
  },
  {
    name: 'postgres-restart',
    what: 'PostgreSQL restarted with pg_ctl restart -m immediate (crash recovery)',
    during: async ({ postgres }) => {
      const started = Date.now();
      await postgres.restartImmediate();
      return `back after ${((Date.now() - started) / 1000).toFixed(1)} s`;
    },
  },
  {
    name: 'outbox-twice',
    what: 'every outbox row relayed a second time (dispatched_at reset to null)',
    afterBurst: async ({ db }) => {
      await untilRelayed(db);
      const rows = await db.execute(
        sql`update outbox set dispatched_at = null where dispatched_at is not null returning id`,
      );
      return `${rows.length} rows relayed again`;
    },
  },
];
