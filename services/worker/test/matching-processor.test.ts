import { auditEvents } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import type { Worker } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processMatchingJob } from '../src/handlers/matching.ts';
import { outboxJobId, relayOutboxBatch } from '../src/outbox-relay.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import { closeWorkers, startWorkers } from '../src/workers.ts';
import {
  insertOutboxRows,
  obliterateQueues,
  silentLogger,
  TEST_REDIS_URL,
  waitFor,
} from './support.ts';

let database: TestDatabase;
let producer: Redis;
let consumer: Redis;
let queues: WorkerQueues;
let workers: Worker[];

beforeAll(async () => {
  database = await createTestDatabase('matching');
  const prefix = uniqueRedisPrefix('matching');
  producer = createRedisConnection({ url: TEST_REDIS_URL, role: 'producer', logger: silentLogger });
  consumer = createRedisConnection({ url: TEST_REDIS_URL, role: 'worker', logger: silentLogger });
  queues = createQueues({ connection: producer, prefix, logger: silentLogger });
  workers = startWorkers({
    connection: consumer,
    prefix,
    concurrency: 2,
    dependencies: { db: database.db },
    logger: silentLogger,
  });
});

afterAll(async () => {
  await closeWorkers(workers);
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(producer);
  await closeRedisConnection(consumer);
  await database.drop();
});

function receiptsFor(outboxId: string) {
  return database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'job.received'),
        eq(auditEvents.subjectType, 'outbox'),
        eq(auditEvents.subjectId, outboxId),
      ),
    );
}

async function settledState(jobId: string): Promise<string> {
  return waitFor(async () => {
    const state = await queues.matching.getJobState(jobId);
    return state === 'completed' || state === 'failed' ? state : undefined;
  });
}

describe('matching processor', () => {
  it('consumes a relayed job through a real worker and records its receipt', async () => {
    expect(workers.map((worker) => worker.name)).toEqual(['matching']);
    const [id] = await insertOutboxRows(database.db, [{ topic: 'help_request.created' }]);
    expect(await relayOutboxBatch({ db: database.db, queues, limit: 10 })).toBe(1);

    expect(await settledState(outboxJobId(id!))).toBe('completed');

    const receipts = await receiptsFor(id!.toString());
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.details).toEqual({
      queue: 'matching',
      topic: 'help_request.created',
      jobId: outboxJobId(id!),
    });
  });

  it('fails a job with an invalid payload at once instead of retrying it', async () => {
    const job = await queues.matching.add(
      'help_request.created',
      { outboxId: '4242', topic: 'help_request.created', payload: { requestId: 'not-a-uuid' } },
      { jobId: 'invalid-payload' },
    );

    expect(await settledState(job.id!)).toBe('failed');

    const failed = await queues.matching.getJob(job.id!);
    expect(failed?.opts.attempts).toBe(5);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(
      /invalid payload for job invalid-payload in matching: invalid_format at payload\.requestId/,
    );
    expect(await receiptsFor('4242')).toEqual([]);
  });

  it('records the receipt of one outbox row only once, however often its job runs', async () => {
    const job = {
      id: outboxJobId(77n),
      queueName: 'matching',
      data: { outboxId: '77', topic: 'help_request.changed', payload: {} },
    };

    await processMatchingJob({ db: database.db }, job);
    await processMatchingJob({ db: database.db }, job);

    expect(await receiptsFor('77')).toHaveLength(1);
  });
});
