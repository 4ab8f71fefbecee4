import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { matches, outbox } from '@sasaeai/db/schema';
import type { Worker } from 'bullmq';
import { inArray, isNull } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLivePublisher } from '../src/live-publisher.ts';
import { startMetricsServer, type MetricsServer } from '../src/metrics/metrics-server.ts';
import { createWorkerMetrics, type WorkerMetrics } from '../src/metrics/worker-metrics.ts';
import { relayOutboxBatch } from '../src/outbox-relay.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import { closeWorkers, startWorkers } from '../src/workers.ts';
import {
  createRequests,
  createUsers,
  createVolunteers,
  obliterateQueues,
  seedDistrictIds,
  silentLogger,
  TEST_REDIS_URL,
  waitFor,
  windowFromNow,
} from './support.ts';

let database: TestDatabase;
let producer: Redis;
let consumer: Redis;
let queues: WorkerQueues;
let metrics: WorkerMetrics;
let server: MetricsServer;
let workers: Worker[] = [];

beforeAll(async () => {
  database = await createTestDatabase('metrics');
  const prefix = uniqueRedisPrefix('metrics');
  producer = createRedisConnection({ url: TEST_REDIS_URL, role: 'producer', logger: silentLogger });
  consumer = createRedisConnection({ url: TEST_REDIS_URL, role: 'worker', logger: silentLogger });
  queues = createQueues({ connection: producer, prefix, logger: silentLogger });
  metrics = createWorkerMetrics({ db: database.db, queues });
  server = await startMetricsServer({
    registry: metrics.registry,
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
  });
  workers = startWorkers({
    connection: consumer,
    prefix,
    concurrency: 2,
    dependencies: {
      db: database.db,
      live: createLivePublisher({ connection: producer, prefix, logger: silentLogger }),
      matchingQueue: queues.matching,
      matching: { windowMs: 50, lockRetryMs: 100 },
      logger: silentLogger,
      metrics,
    },
    logger: silentLogger,
  });
});

afterAll(async () => {
  await closeWorkers(workers);
  await server.close();
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(producer);
  await closeRedisConnection(consumer);
  await database.drop();
});

async function scrape(path = '/metrics') {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

/** The value of the sample `name` whose labels include `labels` (in any order). */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const parsed = /^([a-z_]+)(?:\{(.*)\})? (.+)$/.exec(line);
    if (!parsed || parsed[1] !== name) continue;
    const has = Object.fromEntries(
      [...(parsed[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => has[key] === value))
      return Number(parsed[3]);
  }
  return undefined;
}

describe('worker metrics', () => {
  it('count the outbox backlog and its age, then the queue, the run and request → proposal time', async () => {
    const districtIds = await seedDistrictIds(database.db);
    const [resident] = await createUsers(database.db, ['住民']);
    await createVolunteers(database.db, districtIds, [{ districts: ['chuo'] }]);
    const requestIds = await createRequests(database.db, districtIds, [
      { district: 'chuo', residentId: resident!, ...windowFromNow(30) },
    ]);

    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(before.text, 'outbox_backlog_rows')).toBe(1);
    expect(sample(before.text, 'outbox_oldest_age_seconds')).toBeGreaterThan(0);
    expect(sample(before.text, 'queue_jobs', { queue: 'matching', state: 'waiting' })).toBe(0);
    expect(
      sample(before.text, 'nodejs_eventloop_lag_seconds', { service: 'worker' }),
    ).toBeGreaterThanOrEqual(0);

    await relayOutboxBatch({ db: database.db, queues, limit: 100, matchingWindowMs: 50 });
    await waitFor(async () => {
      const rows = await database.db
        .select()
        .from(matches)
        .where(inArray(matches.requestId, requestIds));
      return rows.length > 0 ? rows : undefined;
    });
    const after = await waitFor(async () => {
      const { text } = await scrape();
      const runs = sample(text, 'queue_job_duration_seconds_count', {
        queue: 'matching',
        outcome: 'completed',
      });
      return runs ? text : undefined;
    });
    // The request's row was relayed; the proposal's own announcement now waits for the relay.
    const pending = await database.db.select().from(outbox).where(isNull(outbox.dispatchedAt));
    expect(pending.map((row) => row.topic)).toEqual(['match.changed']);
    expect(sample(after, 'outbox_backlog_rows')).toBe(1);
    expect(sample(after, 'matching_request_to_proposal_seconds_count')).toBe(1);
    expect(sample(after, 'queue_jobs', { queue: 'matching', state: 'active' })).toBe(0);
  });

  it('answers nothing but GET /metrics', async () => {
    expect((await scrape('/')).status).toBe(404);
    expect((await scrape('/metrics/../admin')).status).toBe(404);
  });
});
