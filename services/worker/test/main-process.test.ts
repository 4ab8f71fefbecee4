import { getPriority } from 'node:os';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { matches, outbox } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues, createQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import {
  createRequests,
  createUsers,
  createVolunteers,
  findFreePort,
  obliterateQueues,
  seedDistrictIds,
  silentLogger,
  TEST_REDIS_URL,
  waitFor,
  windowFromNow,
} from './support.ts';

const workerDir = fileURLToPath(new URL('../', import.meta.url));

let database: TestDatabase;
let prefix: string;

beforeAll(async () => {
  database = await createTestDatabase('mainproc');
  prefix = uniqueRedisPrefix('mainproc');
});

afterAll(async () => {
  const connection = createRedisConnection({
    url: TEST_REDIS_URL,
    role: 'producer',
    logger: silentLogger,
  });
  const queues = createQueues({ connection, prefix, logger: silentLogger });
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(connection);
  await database.drop();
});

async function schedulerKeys(): Promise<string[]> {
  const connection = createRedisConnection({
    url: TEST_REDIS_URL,
    role: 'producer',
    logger: silentLogger,
  });
  const queues = createQueues({ connection, prefix, logger: silentLogger });
  try {
    return (await queues.maintenance.getJobSchedulers()).map((s) => s.key);
  } finally {
    await closeQueues(queues);
    await closeRedisConnection(connection);
  }
}

function startWorkerProcess(overrides: Record<string, string>) {
  // Node itself with tsx as a loader, as `npm start` runs it: the tsx command would stand between
  // the test and the worker and, on a busy machine, SIGKILL a worker that took over 30 ms to
  // answer its relayed SIGTERM (exit 143 instead of a drained stop).
  const child = spawn(
    process.execPath,
    ['--conditions=@sasaeai/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: workerDir,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'info',
        RELAY_INTERVAL_MS: '50',
        ...overrides,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, output, exited };
}

function logMessages(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

describe('worker process', () => {
  it('starts, relays an outbox row, matches the request, and exits 0 on SIGTERM', async () => {
    const districtIds = await seedDistrictIds(database.db);
    const [resident] = await createUsers(database.db, ['住民']);
    const [volunteer] = await createVolunteers(database.db, districtIds, [{ districts: ['chuo'] }]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'chuo', residentId: resident!, ...windowFromNow(30) },
    ]);
    const worker = startWorkerProcess({});
    try {
      const match = await waitFor(async () => {
        const [row] = await database.db
          .select()
          .from(matches)
          .where(eq(matches.requestId, requestId!));
        return row;
      }, 20_000);
      expect(match).toMatchObject({ volunteerId: volunteer, status: 'proposed' });
      const pending = await database.db.select().from(outbox).where(isNull(outbox.dispatchedAt));
      expect(pending.filter((row) => row.topic.startsWith('help_request'))).toEqual([]);
      // The maintenance schedulers (offer expiry, both reconcilers, the time-based notices'
      // scan, council facts, retention, weekly routines).
      await waitFor(async () => ((await schedulerKeys()).length === 7 ? true : undefined));
      expect((await schedulerKeys()).sort()).toEqual(
        expect.arrayContaining(['notifications.scan', 'routines.expand']),
      );
    } finally {
      worker.child.kill('SIGTERM');
    }

    const [code] = await worker.exited;
    expect(worker.output.stderr).toBe('');
    expect(code).toBe(0);
    const messages = logMessages(worker.output.stdout);
    expect(messages).toContain('worker started');
    expect(messages).toContain('district matched');
    // It yields the CPU to the API's intake (WORKER_NICE, 5 by default), read off the process.
    const started = worker.output.stdout
      .split('\n')
      .map((line) => (line.trim() ? (JSON.parse(line) as { msg: string; nice?: number }) : null))
      .find((line) => line?.msg === 'worker started');
    // At least 5; a suite itself started under `nice` passes its own, higher niceness down.
    expect(started?.nice).toBe(Math.max(5, getPriority()));
    expect(messages.at(-1)).toBe('worker stopped');
  });

  it('prints one line and exits 1 when PostgreSQL is unreachable', async () => {
    const port = await findFreePort();
    const worker = startWorkerProcess({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/sasaeai`,
    });

    const [code] = await worker.exited;
    expect(code).toBe(1);
    expect(worker.output.stderr).toBe(
      `PostgreSQL is not reachable at 127.0.0.1:${port} (ECONNREFUSED). Start it, or run \`docker compose -f infra/compose.yaml up -d\`, or set DATABASE_URL.\n`,
    );
  });

  it('prints one line and exits 1 when Redis is unreachable', async () => {
    const port = await findFreePort();
    const worker = startWorkerProcess({ REDIS_URL: `redis://127.0.0.1:${port}` });

    const [code] = await worker.exited;
    expect(code).toBe(1);
    expect(worker.output.stderr).toBe(
      `Redis is not reachable at 127.0.0.1:${port} (ECONNREFUSED). Start it, or run \`docker compose -f infra/compose.yaml up -d\`, or set REDIS_URL.\n`,
    );
  });

  it('prints the bad settings and exits 1 when the environment is invalid', async () => {
    const worker = startWorkerProcess({
      REDIS_URL: 'http://127.0.0.1:6379',
      WORKER_CONCURRENCY: 'many',
    });

    const [code] = await worker.exited;
    expect(code).toBe(1);
    expect(worker.output.stderr).toBe(
      'Invalid worker environment: REDIS_URL must be a redis:// or rediss:// URL; WORKER_CONCURRENCY must be a whole number\n',
    );
  });
});
