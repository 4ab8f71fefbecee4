import { randomUUID } from 'node:crypto';
import { createDb } from '@sasaeai/db/client';
import { approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { outbox } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { asc, isNull, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  NOTIFICATION_EVENTS_JOB,
  NotificationEventsJob,
  notificationEventsJobId,
} from '../src/notifications/event-batch.ts';
import { LATER_PRIORITY } from '../src/notifications/send-notification.ts';
import { MAX_RELAY_ATTEMPTS, outboxJobId, relayOutboxBatch } from '../src/outbox-relay.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import {
  countJobs,
  createRequests,
  createUsers,
  createVolunteers,
  insertOutboxRows,
  obliterateQueues,
  RedisOutage,
  seedDistrictIds,
  silentLogger,
  TEST_REDIS_URL,
  windowFromNow,
} from './support.ts';

let database: TestDatabase;
let prefix: string;
let connection: Redis;
let queues: WorkerQueues;

beforeAll(async () => {
  database = await createTestDatabase('relay');
  prefix = uniqueRedisPrefix('relay');
  connection = createRedisConnection({
    url: TEST_REDIS_URL,
    role: 'producer',
    logger: silentLogger,
  });
  queues = createQueues({ connection, prefix, logger: silentLogger });
});

beforeEach(async () => {
  await obliterateQueues(queues);
  await database.db.delete(outbox);
});

afterAll(async () => {
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(connection);
  await database.drop();
});

/** The outbox ids of every event relayed to the notifications queue, in order. */
async function relayedNotificationEvents(): Promise<string[]> {
  const jobs = await queues.notifications.getJobs(['wait', 'prioritized']);
  return jobs
    .flatMap((job) => NotificationEventsJob.parse(job.data).events.map((event) => event.outboxId))
    .sort((a, b) => Number(BigInt(a) - BigInt(b)));
}

/** Moves the clock forward for the retry pauses by moving the rows back. */
async function ageOutboxRows(by: string) {
  await database.db.update(outbox).set({ updatedAt: sql`${outbox.updatedAt} - ${by}::interval` });
}

async function pendingRows() {
  return database.db
    .select()
    .from(outbox)
    .where(isNull(outbox.dispatchedAt))
    .orderBy(asc(outbox.id));
}

describe('relayOutboxBatch', () => {
  it('relays each row exactly once when two relays run concurrently', async () => {
    const ids = await insertOutboxRows(
      database.db,
      Array.from({ length: 50 }, (_, index) => ({
        topic: index % 10 < 7 ? 'help_request.created' : 'match.changed',
      })),
    );

    // Two relays as two processes would run them: their own pools and their own Redis connections.
    const relays = [0, 1].map(() => {
      const db = createDb({ url: database.url, max: 2 });
      const producer = createRedisConnection({
        url: TEST_REDIS_URL,
        role: 'producer',
        logger: silentLogger,
      });
      return {
        db,
        producer,
        queues: createQueues({ connection: producer, prefix, logger: silentLogger }),
      };
    });
    const drain = async (relay: (typeof relays)[number]) => {
      let relayed = 0;
      for (;;) {
        const count = await relayOutboxBatch({ db: relay.db.db, queues: relay.queues, limit: 4 });
        if (count === 0) return relayed;
        relayed += count;
      }
    };
    try {
      const relayedPerRelay = await Promise.all(relays.map(drain));
      expect(relayedPerRelay[0]! + relayedPerRelay[1]!).toBe(50);
    } finally {
      for (const relay of relays) {
        await closeQueues(relay.queues);
        await closeRedisConnection(relay.producer);
        await relay.db.close();
      }
    }

    const rows = await database.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(rows.every((row) => row.dispatchedAt !== null && row.attempts === 1)).toBe(true);

    const matchingJobs = await queues.matching.getJobs(['wait']);
    expect(matchingJobs).toHaveLength(35);
    const notificationEvents = await relayedNotificationEvents();
    expect(
      [...matchingJobs.map((job) => job.id), ...notificationEvents.map(outboxJobId)].sort(),
    ).toEqual(ids.map((id) => outboxJobId(id)).sort());
  });

  it('sends the notification events of one pass as one job, named after its rows', async () => {
    const ids = await insertOutboxRows(database.db, [
      { topic: 'match.changed', payload: { matchId: randomUUID() } },
      { topic: 'help_request.created' },
      { topic: 'concern.raised', payload: { matchId: randomUUID() } },
      {
        topic: 'notification.requested',
        payload: { userId: randomUUID(), kind: 'password_reset' },
      },
    ]);
    expect(await relayOutboxBatch({ db: database.db, queues, limit: 10 })).toBe(4);

    const [job, ...more] = await queues.notifications.getJobs(['wait']);
    expect(more).toHaveLength(0);
    expect(job?.name).toBe(NOTIFICATION_EVENTS_JOB);
    const { events } = NotificationEventsJob.parse(job?.data);
    expect(events.map((event) => [event.outboxId, event.topic])).toEqual([
      [ids[0]!.toString(), 'match.changed'],
      [ids[2]!.toString(), 'concern.raised'],
      [ids[3]!.toString(), 'notification.requested'],
    ]);
    expect(job?.id).toBe(notificationEventsJobId(events));
    expect(job?.opts.attempts).toBe(5);
    // The same rows relayed again after a crash before the commit: the same job, not a second.
    expect(notificationEventsJobId([...events].reverse())).toBe(job?.id);
    expect(notificationEventsJobId(events.slice(1))).not.toBe(job?.id);
  });

  it('sends ids only, with the topic as job name and the row id as job id', async () => {
    const requestId = '0b8f5a52-4d1e-4c55-9a4f-2c1a6f1f4e01';
    const [id] = await insertOutboxRows(database.db, [
      { topic: 'help_request.created', payload: { requestId } },
    ]);

    expect(await relayOutboxBatch({ db: database.db, queues, limit: 10 })).toBe(1);

    const job = await queues.matching.getJob(outboxJobId(id!));
    expect(job?.name).toBe('help_request.created');
    expect(job?.data).toEqual({
      outboxId: id!.toString(),
      topic: 'help_request.created',
      payload: { requestId },
    });
    expect(job?.opts.attempts).toBe(5);
  });

  it('does not duplicate a job when a row is relayed again after a crash before commit', async () => {
    const [id] = await insertOutboxRows(database.db, [{ topic: 'help_request.created' }]);
    // The first relay added the job, then died before marking the row dispatched.
    await queues.matching.add(
      'help_request.created',
      { outboxId: id!.toString(), topic: 'help_request.created', payload: {} },
      { jobId: outboxJobId(id!) },
    );

    expect(await relayOutboxBatch({ db: database.db, queues, limit: 10 })).toBe(1);

    expect(await countJobs(queues)).toEqual({ matching: 1, notifications: 0, maintenance: 0 });
    expect(await pendingRows()).toEqual([]);
  });

  it('leaves rows pending while Redis is away and relays them once it is back', async () => {
    const outage = await RedisOutage.start();
    const flakyConnection = createRedisConnection({
      url: outage.url,
      role: 'producer',
      logger: silentLogger,
    });
    const flakyQueues = createQueues({ connection: flakyConnection, prefix, logger: silentLogger });
    try {
      await flakyQueues.matching.waitUntilReady();
      const ids = await insertOutboxRows(database.db, [
        { topic: 'help_request.created' },
        { topic: 'match.changed' },
      ]);

      await outage.cut();
      await expect(
        relayOutboxBatch({ db: database.db, queues: flakyQueues, limit: 10 }),
      ).rejects.toThrow();
      const stillPending = await pendingRows();
      expect(stillPending.map((row) => row.id)).toEqual(ids);
      expect(stillPending.every((row) => row.attempts === 0)).toBe(true);

      await outage.restore();
      await flakyQueues.matching.waitUntilReady();
      const relayed = await retryUntilRelayed(() =>
        relayOutboxBatch({ db: database.db, queues: flakyQueues, limit: 10 }),
      );
      expect(relayed).toBe(2);
      expect(await pendingRows()).toEqual([]);
      expect(await countJobs(queues)).toEqual({ matching: 1, notifications: 1, maintenance: 0 });
      expect((await relayedNotificationEvents()).map(BigInt)).toEqual([ids[1]]);
    } finally {
      await closeQueues(flakyQueues);
      await closeRedisConnection(flakyConnection);
      await outage.cut();
    }
  });

  it('relays the readable rows of a batch and holds an unreadable one back for a while', async () => {
    const [badId, goodId] = await insertOutboxRows(database.db, [
      { topic: 'help_request.created', payload: { requestId: 'not-a-uuid' } },
      { topic: 'help_request.created' },
    ]);

    expect(await relayOutboxBatch({ db: database.db, queues, limit: 10 })).toBe(1);
    expect(await relayOutboxBatch({ db: database.db, queues, limit: 10 })).toBe(0);

    const rows = await database.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(rows.map((row) => [row.id, row.attempts, row.dispatchedAt === null])).toEqual([
      [badId, 1, true],
      [goodId, 1, false],
    ]);
  });

  it(`gives up on an unreadable row after ${MAX_RELAY_ATTEMPTS} attempts, so it cannot block a small batch`, async () => {
    const [badId, goodId] = await insertOutboxRows(database.db, [
      { topic: 'no.such.topic' },
      { topic: 'help_request.created' },
    ]);

    const relayedPerPass: number[] = [];
    for (let pass = 0; pass < MAX_RELAY_ATTEMPTS + 2; pass++) {
      relayedPerPass.push(await relayOutboxBatch({ db: database.db, queues, limit: 1 }));
      await ageOutboxRows('1 day');
    }

    expect(relayedPerPass).toEqual([...Array<number>(MAX_RELAY_ATTEMPTS).fill(0), 1, 0]);
    const rows = await database.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(rows.map((row) => [row.id, row.attempts, row.dispatchedAt === null])).toEqual([
      [badId, MAX_RELAY_ATTEMPTS, true],
      [goodId, 1, false],
    ]);
  });
});

/** ioredis reconnects on its own schedule; give it a few tries after the outage ends. */
function retryUntilRelayed(relay: () => Promise<number>): Promise<number> {
  return vi.waitFor(relay, { timeout: 10_000, interval: 100 });
}

describe('relaying notification events', () => {
  it('leaves an event about a match still proposed out of the notifications queue', async () => {
    const districtIds = await seedDistrictIds(database.db);
    const [volunteer] = await createVolunteers(database.db, districtIds, [{ districts: ['chuo'] }]);
    const [resident, coordinator] = await createUsers(database.db, ['利用 中継', '調整 中継']);
    const [requestId] = await createRequests(
      database.db,
      districtIds,
      [{ district: 'chuo', residentId: resident!, ...windowFromNow(30) }],
      { outbox: false },
    );
    const { matchId } = await proposeMatch(database.db, {
      requestId: requestId!,
      volunteerId: volunteer!,
      score: 1,
      breakdown: { total: 1, terms: [] },
    });
    expect(await relayOutboxBatch({ db: database.db, queues, limit: 10 })).toBe(1);
    expect(await countJobs(queues)).toMatchObject({ notifications: 0 });
    expect(await pendingRows()).toHaveLength(0);

    // Approved: an offer, announced to the volunteer.
    await approveMatch(database.db, matchId!, coordinator!);
    await relayOutboxBatch({ db: database.db, queues, limit: 10 });
    const jobs = await queues.notifications.getJobs(['wait', 'prioritized']);
    expect(
      jobs.flatMap((job) =>
        NotificationEventsJob.parse(job.data).events.map((event) => event.payload.matchId),
      ),
    ).toEqual([matchId]);
  });

  it('fans out events whose notices can wait after the events that may carry an offer', async () => {
    const [unmatched, changed] = await insertOutboxRows(database.db, [
      { topic: 'help_request.unmatched' },
      { topic: 'match.changed', payload: { matchId: randomUUID() } },
    ]);
    await relayOutboxBatch({ db: database.db, queues, limit: 10 });
    const jobs = await queues.notifications.getJobs(['wait', 'prioritized']);
    const jobOf = (id: bigint) =>
      jobs.find((job) =>
        NotificationEventsJob.parse(job.data).events.some(
          (event) => event.outboxId === id.toString(),
        ),
      );
    expect(jobs).toHaveLength(2);
    expect(jobOf(unmatched!)?.opts.priority).toBe(LATER_PRIORITY);
    expect(jobOf(changed!)?.opts.priority ?? 0).toBe(0);
  });
});
