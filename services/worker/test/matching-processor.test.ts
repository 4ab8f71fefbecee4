import { ScoreBreakdown } from '@sasaeai/contracts';
import { createDb } from '@sasaeai/db/client';
import { approveMatch } from '@sasaeai/db/help-loop';
import { helpRequests, matches, outbox } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import type { Worker } from 'bullmq';
import { eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLivePublisher } from '../src/live-publisher.ts';
import { outboxJobId, relayOutboxBatch } from '../src/outbox-relay.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import { keepMaintenanceSchedules, type ScheduleKeeper } from '../src/schedules.ts';
import { closeWorkers, startWorkers } from '../src/workers.ts';
import {
  createRequests,
  createUsers,
  createVolunteers,
  deletePrefixKeys,
  listenLive,
  obliterateQueues,
  seedDistrictIds,
  silentLogger,
  TEST_REDIS_URL,
  waitFor,
  windowFromNow,
} from './support.ts';

const WINDOW_MS = 300;

let database: TestDatabase;
let districtIds: Map<string, string>;
let prefix: string;

interface Stack {
  db: ReturnType<typeof createDb>;
  producer: Redis;
  consumer: Redis;
  queues: WorkerQueues;
  workers: Worker[];
  schedules?: ScheduleKeeper;
}

const stacks: Stack[] = [];

/** One worker process's worth: its own pool, Redis connections, queues and workers. */
function startStack(
  options: { schedules?: boolean; offerExpiryMs?: number; reconcileMs?: number } = {},
): Stack {
  const db = createDb({ url: database.url, max: 6 });
  const producer = createRedisConnection({
    url: TEST_REDIS_URL,
    role: 'producer',
    logger: silentLogger,
  });
  const consumer = createRedisConnection({
    url: TEST_REDIS_URL,
    role: 'worker',
    logger: silentLogger,
  });
  const queues = createQueues({ connection: producer, prefix, logger: silentLogger });
  const workers = startWorkers({
    connection: consumer,
    prefix,
    concurrency: 3,
    dependencies: {
      db: db.db,
      live: createLivePublisher({ connection: producer, prefix, logger: silentLogger }),
      matchingQueue: queues.matching,
      matching: { windowMs: WINDOW_MS, lockRetryMs: 100, reconcileStaleSeconds: 1 },
      logger: silentLogger,
    },
    logger: silentLogger,
  });
  const stack: Stack = { db, producer, consumer, queues, workers };
  if (options.schedules) {
    stack.schedules = keepMaintenanceSchedules({
      queue: queues.maintenance,
      offerExpiryIntervalMs: options.offerExpiryMs ?? 1_000,
      reconcileIntervalMs: options.reconcileMs ?? 1_000,
      refreshMs: 250,
      logger: silentLogger,
    });
  }
  stacks.push(stack);
  return stack;
}

async function stopStacks(): Promise<void> {
  for (const stack of stacks.splice(0)) {
    stack.schedules?.stop();
    await closeWorkers(stack.workers);
    await obliterateQueues(stack.queues);
    await closeQueues(stack.queues);
    await closeRedisConnection(stack.producer);
    await closeRedisConnection(stack.consumer);
    await stack.db.close();
  }
}

beforeAll(async () => {
  database = await createTestDatabase('matchq');
  districtIds = await seedDistrictIds(database.db);
});

beforeEach(async () => {
  // Earlier tests' outbox rows (their match.changed events and the like) are not this test's.
  await database.db
    .update(outbox)
    .set({ dispatchedAt: new Date() })
    .where(isNull(outbox.dispatchedAt));
});

afterEach(async () => {
  await stopStacks();
});

afterAll(async () => {
  await database.drop();
});

async function relayAll(queues: WorkerQueues): Promise<number> {
  let total = 0;
  for (;;) {
    const relayed = await relayOutboxBatch({
      db: database.db,
      queues,
      limit: 100,
      matchingWindowMs: WINDOW_MS,
    });
    if (relayed === 0) return total;
    total += relayed;
  }
}

async function liveMatches(requestIds: string[]) {
  return database.db.select().from(matches).where(inArray(matches.requestId, requestIds));
}

/** Waits until every request has a live match (or is otherwise settled). */
function allProposed(requestIds: string[], timeoutMs = 20_000) {
  return waitFor(async () => {
    const rows = await database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(inArray(helpRequests.id, requestIds));
    return rows.length === requestIds.length && rows.every((r) => r.status === 'proposed')
      ? true
      : undefined;
  }, timeoutMs);
}

describe('matching through BullMQ', () => {
  it('turns a new request and its outbox row into a proposal with its breakdown', async () => {
    prefix = uniqueRedisPrefix('matchq');
    const stack = startStack();
    const [resident] = await createUsers(database.db, ['住民 A']);
    const [volunteer] = await createVolunteers(database.db, districtIds, [
      { districts: ['nagayama'] },
    ]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'nagayama', residentId: resident!, ...windowFromNow(30) },
    ]);
    const live = await listenLive(prefix);
    try {
      const started = Date.now();
      expect(await relayAll(stack.queues)).toBe(1);
      await allProposed([requestId!]);
      const elapsed = Date.now() - started;
      const [match] = await liveMatches([requestId!]);
      expect(match).toMatchObject({ volunteerId: volunteer, status: 'proposed' });
      expect(ScoreBreakdown.parse(match!.scoreBreakdown).total).toBe(match!.score);
      // The batching window delays the first run; it stays well under a second here.
      expect(elapsed).toBeGreaterThanOrEqual(WINDOW_MS - 50);
      await waitFor(async () =>
        live.messages.some((m) => m.event.type === 'match.changed' && m.event.matchId === match!.id)
          ? true
          : undefined,
      );
    } finally {
      await live.close();
    }
  });

  it('coalesces a surge in one district into one batch', async () => {
    prefix = uniqueRedisPrefix('matchq');
    const stack = startStack();
    const residents = await createUsers(
      database.db,
      Array.from({ length: 15 }, (_, i) => `住民 B${i}`),
    );
    await createVolunteers(
      database.db,
      districtIds,
      Array.from({ length: 15 }, () => ({ districts: ['toko'] })),
    );
    const requestIds = await createRequests(
      database.db,
      districtIds,
      residents.map((residentId, i) => ({
        district: 'toko',
        residentId,
        ...windowFromNow(30 + i),
      })),
    );
    expect(await relayAll(stack.queues)).toBe(15);
    // Fifteen outbox rows, one matching job: the others were deduplicated into its window.
    const jobs = await stack.queues.matching.getJobs(['delayed', 'wait', 'active', 'completed']);
    expect(jobs).toHaveLength(1);
    await allProposed(requestIds);
    expect(await liveMatches(requestIds)).toHaveLength(15);
  });

  it('never double-proposes with two worker processes on the same district', async () => {
    prefix = uniqueRedisPrefix('matchq');
    const stacksUnderTest = [startStack(), startStack()];
    const residents = await createUsers(
      database.db,
      Array.from({ length: 30 }, (_, i) => `住民 C${i}`),
    );
    await createVolunteers(
      database.db,
      districtIds,
      Array.from({ length: 12 }, (_, i) => ({
        districts: ['toyooka'],
        maxTasksPerWeek: 3,
        ...(i === 0 ? { kind: 'group' as const, headcount: 5 } : {}),
      })),
    );
    const requestIds: string[] = [];
    // Requests arrive in waves, relayed by both processes, so batches and jobs interleave.
    for (let wave = 0; wave < 3; wave++) {
      requestIds.push(
        ...(await createRequests(
          database.db,
          districtIds,
          residents.slice(wave * 10, wave * 10 + 10).map((residentId, i) => ({
            district: 'toyooka',
            residentId,
            peopleNeeded: i % 5 === 0 ? 2 : 1,
            ...windowFromNow(30 + (i % 4)),
          })),
        )),
      );
      await Promise.all(stacksUnderTest.map((s) => relayAll(s.queues)));
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 50));
    }
    // Quiet: no job waiting, delayed or running.
    await waitFor(async () => {
      const pending = await stacksUnderTest[0]!.queues.matching.getJobCountByTypes(
        'wait',
        'delayed',
        'active',
      );
      return pending === 0 ? true : undefined;
    });
    const all = await liveMatches(requestIds);
    const live = all.filter((m) =>
      ['proposed', 'approved', 'offered', 'accepted'].includes(m.status),
    );
    expect(live.length).toBeGreaterThan(10);
    const perRequest = new Map<string, typeof live>();
    for (const m of live) perRequest.set(m.requestId, [...(perRequest.get(m.requestId) ?? []), m]);
    for (const [, mine] of perRequest) {
      expect(new Set(mine.map((m) => m.volunteerId)).size).toBe(mine.length);
      expect(mine.length).toBeLessThanOrEqual(2);
    }
    const [overlaps] = await database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from matches a join matches b
        on a.volunteer_id = b.volunteer_id and a.id < b.id and a.booked_during && b.booked_during
      where a.status in ('proposed', 'approved', 'offered', 'accepted')
        and b.status in ('proposed', 'approved', 'offered', 'accepted')
        and a.exclusive and b.exclusive`);
    expect(overlaps?.n).toBe(0);
    const [overCapacity] = await database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from (
        select m.volunteer_id from matches m
        join volunteer_profiles vp on vp.user_id = m.volunteer_id
        where m.status in ('proposed', 'approved', 'offered', 'accepted')
        group by m.volunteer_id, vp.max_tasks_per_week,
          date_trunc('week', lower(m.booked_during) at time zone 'Asia/Tokyo')
        having count(*) > vp.max_tasks_per_week
      ) over_limit`);
    expect(overCapacity?.n).toBe(0);
  });

  it('expires an unanswered offer on schedule and re-matches the request to someone else', async () => {
    prefix = uniqueRedisPrefix('matchq');
    const stack = startStack({ schedules: true, offerExpiryMs: 1_000, reconcileMs: 60_000 });
    const [resident, coordinator] = await createUsers(database.db, ['住民 D', '調整 D']);
    const [first, second] = await createVolunteers(database.db, districtIds, [
      { districts: ['kamui'], equipment: ['除雪機'] },
      { districts: ['kamui'] },
    ]);
    const [requestId] = await createRequests(database.db, districtIds, [
      { district: 'kamui', residentId: resident!, ...windowFromNow(30) },
    ]);
    await relayAll(stack.queues);
    await allProposed([requestId!]);
    const [proposal] = await liveMatches([requestId!]);
    expect(proposal?.volunteerId).toBe(first);
    await approveMatch(database.db, proposal!.id, coordinator!);
    // The offer's time is up.
    await database.db
      .update(matches)
      .set({ offerExpiresAt: new Date(Date.now() - 1_000) })
      .where(eq(matches.id, proposal!.id));

    // The scheduler expires it; the request's outbox row goes through the relay to matching.
    const rematched = await waitFor(async () => {
      await relayAll(stack.queues);
      const rows = await liveMatches([requestId!]);
      return rows.some((m) => m.volunteerId === second && m.status === 'proposed')
        ? rows
        : undefined;
    }, 20_000);
    expect(rematched.find((m) => m.volunteerId === first)?.status).toBe('expired');
    const schedulers = await stack.queues.maintenance.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([
      'council.facts.refresh',
      'matching.reconcile',
      'notifications.reconcile',
      'notifications.scan',
      'offers.expire',
      'requests.retention',
      'routines.expand',
    ]);
  });

  it('recovers every request after Redis lost this prefix’s data mid-flight', async () => {
    prefix = uniqueRedisPrefix('matchq');
    const stack = startStack();
    const residents = await createUsers(
      database.db,
      Array.from({ length: 20 }, (_, i) => `住民 E${i}`),
    );
    await createVolunteers(database.db, districtIds, [
      ...Array.from({ length: 10 }, () => ({ districts: ['suehiro'], maxTasksPerWeek: 5 })),
      ...Array.from({ length: 10 }, () => ({ districts: ['higashi-takasu'], maxTasksPerWeek: 5 })),
    ]);
    const requestIds = await createRequests(
      database.db,
      districtIds,
      residents.map((residentId, i) => ({
        district: i % 2 === 0 ? 'suehiro' : 'higashi-takasu',
        residentId,
        ...windowFromNow(30 + (i % 5) * 3),
      })),
    );
    expect(await relayAll(stack.queues)).toBe(20);
    // Every outbox row is dispatched and its jobs wait out the batching window … when Redis
    // loses everything under this prefix (never FLUSHALL: other test files share the server).
    const deleted = await deletePrefixKeys(stack.producer, prefix);
    expect(deleted).toBeGreaterThan(0);
    expect(await stack.queues.matching.getJobCountByTypes('delayed', 'wait', 'active')).toBe(0);
    expect(await database.db.select().from(outbox).where(isNull(outbox.dispatchedAt))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 2));
    expect(await liveMatches(requestIds)).toEqual([]);

    // A worker (re)starting keeps the schedulers in place; the reconciler finds the stale
    // requests in PostgreSQL and enqueues their districts again.
    stack.schedules = keepMaintenanceSchedules({
      queue: stack.queues.maintenance,
      offerExpiryIntervalMs: 60_000,
      reconcileIntervalMs: 1_000,
      refreshMs: 250,
      logger: silentLogger,
    });
    // …and the schedulers themselves survive another loss, since they are re-upserted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await deletePrefixKeys(stack.producer, prefix);

    await allProposed(requestIds, 25_000);
    const all = await liveMatches(requestIds);
    expect(new Set(all.map((m) => m.requestId)).size).toBe(20);
    expect(all).toHaveLength(20);
  });

  it('keeps the relayed job ids and skips the batch for jobs without a district', async () => {
    prefix = uniqueRedisPrefix('matchq');
    const producer = createRedisConnection({
      url: TEST_REDIS_URL,
      role: 'producer',
      logger: silentLogger,
    });
    const queues = createQueues({ connection: producer, prefix, logger: silentLogger });
    try {
      const rows = await database.db
        .insert(outbox)
        .values([{ topic: 'help_request.changed', payload: {} }])
        .returning({ id: outbox.id });
      expect(await relayAll(queues)).toBe(1);
      const job = await queues.matching.getJob(outboxJobId(rows[0]!.id));
      expect(job?.opts.delay ?? 0).toBe(0);
      expect(job?.opts.deduplication).toBeUndefined();
    } finally {
      await obliterateQueues(queues);
      await closeQueues(queues);
      await closeRedisConnection(producer);
    }
  });
});
