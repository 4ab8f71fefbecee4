import { randomUUID } from 'node:crypto';
import type { NotificationEventType } from '@sasaeai/contracts';
import { uniqueRedisPrefix } from '@sasaeai/db/testing';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  enqueueNotificationSends,
  LATER_PRIORITY,
  sendPriorityOf,
} from '../src/notifications/send-notification.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import { obliterateQueues, silentLogger, TEST_REDIS_URL, waitFor } from './support.ts';

let prefix: string;
let producer: Redis;
let consumer: Redis;
let queues: WorkerQueues;

beforeAll(() => {
  prefix = uniqueRedisPrefix('notify-priority');
  producer = createRedisConnection({ url: TEST_REDIS_URL, role: 'producer', logger: silentLogger });
  consumer = createRedisConnection({ url: TEST_REDIS_URL, role: 'worker', logger: silentLogger });
  queues = createQueues({ connection: producer, prefix, logger: silentLogger });
});

afterAll(async () => {
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(producer);
  await closeRedisConnection(consumer);
});

it('gives a priority only to notices that can wait; offers and urgent notices have none', () => {
  expect(sendPriorityOf('request.unmatched')).toBe(LATER_PRIORITY);
  expect(sendPriorityOf('proposals.waiting')).toBe(LATER_PRIORITY);
  for (const urgent of [
    'match.offered',
    'offer.expiring',
    'concern.raised',
    'account.password_reset',
    'match.withdrawn',
    'task.changed',
  ] as const) {
    expect(sendPriorityOf(urgent)).toBeUndefined();
  }
});

it('sends a storm of inbox notices after the offer queued behind them', async () => {
  const sends: { id: string; eventType: NotificationEventType }[] = [
    ...Array.from({ length: 20 }, () => ({
      id: randomUUID(),
      eventType: 'request.unmatched' as const,
    })),
    { id: randomUUID(), eventType: 'match.offered' },
    { id: randomUUID(), eventType: 'thanks.received' },
    { id: randomUUID(), eventType: 'concern.raised' },
  ];
  // Queued before any worker runs, in the order a storm writes them: inbox notices first.
  await enqueueNotificationSends(queues.notifications, sends);
  const order: string[] = [];
  const worker = new Worker(
    'notifications',
    async (job) => {
      order.push((job.data as { notificationId: string }).notificationId);
    },
    { connection: consumer, prefix, concurrency: 1 },
  );
  try {
    await waitFor(async () => (order.length === sends.length ? true : undefined), 20_000);
  } finally {
    await worker.close();
  }
  const typeOf = new Map(sends.map((send) => [send.id, send.eventType]));
  const types = order.map((id) => typeOf.get(id));
  expect(types.slice(0, 2)).toEqual(['match.offered', 'concern.raised']);
  expect(new Set(types.slice(2))).toEqual(new Set(['request.unmatched', 'thanks.received']));
});
