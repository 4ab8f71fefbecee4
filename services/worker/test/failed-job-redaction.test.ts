import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, QueueEvents, Worker, type Processor } from 'bullmq';
import { Redis } from 'ioredis';
import { users } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { withRedactedFailures } from '../src/redacting-processor.ts';
import { TEST_REDIS_URL } from './support.ts';

let database: TestDatabase;
let connection: Redis;
let prefix: string;
const opened: Array<{ close(): Promise<unknown> }> = [];

beforeAll(async () => {
  database = await createTestDatabase('failed-jobs');
  connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  prefix = uniqueRedisPrefix('failed-jobs');
});
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
  connection.disconnect();
  await database.drop();
});

const SECRETS = ['hanako.secret@example.test', '秘密', '旭川市6条通8丁目2-15', 'insert into'];

/** A job whose work fails in a query carrying personal data as bound values. */
const failingQuery: Processor = async () => {
  await database.db.insert(users).values({
    email: 'hanako.secret@example.test',
    passwordHash: 'x',
    displayName: '秘密\u0000花子 旭川市6条通8丁目2-15',
  });
};

/** Runs one job through a worker with `processor` and returns what Redis keeps of its failure. */
async function failureKeptInRedis(queueName: string, processor: Processor) {
  const queue = new Queue(queueName, { connection, prefix });
  const events = new QueueEvents(queueName, { connection: connection.duplicate(), prefix });
  const worker = new Worker(queueName, processor, { connection: connection.duplicate(), prefix });
  opened.push(queue, events, worker);
  await events.waitUntilReady();
  const job = await queue.add('work', { requestId: crypto.randomUUID() }, { attempts: 1 });
  await job.waitUntilFinished(events, 60_000).catch(() => undefined);
  const stored = await queue.getJob(job.id!);
  const raw = await connection.hgetall(`${prefix}:${queueName}:${job.id}`);
  return {
    failedReason: stored!.failedReason,
    stacktrace: (stored!.stacktrace ?? []).join('\n'),
    raw: JSON.stringify(raw),
  };
}

describe('a failed job keeps no personal data in Redis', () => {
  it('without the wrapper, the query and its values would be kept (the risk this guards)', async () => {
    const kept = await failureKeptInRedis('unwrapped', failingQuery);
    expect(kept.raw).toContain('hanako.secret@example.test');
  });

  it('keeps the SQLSTATE and table, never the query or its parameters', async () => {
    const kept = await failureKeptInRedis('wrapped', withRedactedFailures(failingQuery));
    expect(kept.failedReason).toContain('22021');
    for (const secret of SECRETS) {
      expect(kept.failedReason).not.toContain(secret);
      expect(kept.stacktrace).not.toContain(secret);
      expect(kept.raw).not.toContain(secret);
    }
  });

  it('passes other errors through unchanged', async () => {
    const kept = await failureKeptInRedis(
      'plain',
      withRedactedFailures<unknown, unknown>(() => Promise.reject(new Error('district 42 busy'))),
    );
    expect(kept.failedReason).toBe('district 42 busy');
  });
});
