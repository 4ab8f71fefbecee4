import { JST_OFFSET_MS } from '@sasaeai/core';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Socket, type Server } from 'node:net';
import type { OutboxTopic } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import {
  districts,
  helpRequests,
  outbox,
  users,
  volunteerAvailability,
  volunteerDistricts,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { enqueueOutbox } from '@sasaeai/db/help-loop';
import { seedReferenceData } from '@sasaeai/db/seed';
import { Redis } from 'ioredis';
import { vi } from 'vitest';
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

/**
 * Waits until `check` returns a value (not undefined). The budget is sized for a busy 2-core
 * machine; on a quiet one a met condition returns within one poll.
 */
export function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (value === undefined) throw new Error(`condition not met within ${timeoutMs} ms`);
      return value;
    },
    { timeout: timeoutMs, interval: 50 },
  );
}

// ---------------------------------------------------------------------------------------------
// Matching fixtures: people and requests inserted directly, ids only in every job.

export interface VolunteerSpec {
  districts: string[];
  kind?: 'individual' | 'group';
  headcount?: number;
  skills?: Array<'snow' | 'weeding' | 'rubbish' | 'shopping' | 'visit' | 'other'>;
  equipment?: string[];
  helpsNeighbours?: boolean;
  /** Default: every day, all day. */
  availability?: Array<{ weekday: number; startMinute: number; endMinute: number }>;
  maxTasksPerWeek?: number;
  verification?: 'pending' | 'active' | 'suspended';
  insuranceExpiresOn?: string | null;
  trusted?: boolean;
  name?: string;
}

/** District ids by code, after seeding the reference data. */
export async function seedDistrictIds(db: Database): Promise<Map<string, string>> {
  await seedReferenceData({ db });
  const rows = await db.select({ id: districts.id, code: districts.code }).from(districts);
  return new Map(rows.map((row) => [row.code, row.id]));
}

export async function createUsers(db: Database, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db
    .insert(users)
    .values(names.map((displayName) => ({ displayName })))
    .returning({ id: users.id });
  return rows.map((row) => row.id);
}

const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
  weekday,
  startMinute: 0,
  endMinute: 1440,
}));

/** Inserts volunteers (users, profiles, districts, availability) in four statements. */
export async function createVolunteers(
  db: Database,
  districtIds: Map<string, string>,
  specs: VolunteerSpec[],
): Promise<string[]> {
  const ids = await createUsers(
    db,
    specs.map((spec, i) => spec.name ?? `担い手${i + 1}`),
  );
  if (ids.length === 0) return ids;
  await db.insert(volunteerProfiles).values(
    specs.map((spec, i) => ({
      userId: ids[i]!,
      kind: spec.kind ?? 'individual',
      groupName: spec.kind === 'group' ? `グループ${i + 1}` : null,
      headcount: spec.headcount ?? 1,
      skills: spec.skills ?? ['snow', 'rubbish'],
      equipment: spec.equipment ?? [],
      helpsNeighbours: spec.helpsNeighbours ?? false,
      maxTasksPerWeek: spec.maxTasksPerWeek ?? 3,
      verification: spec.verification ?? 'active',
      insuranceExpiresOn:
        spec.insuranceExpiresOn === undefined ? '2099-03-31' : spec.insuranceExpiresOn,
      trusted: spec.trusted ?? false,
    })),
  );
  await db.insert(volunteerDistricts).values(
    specs.flatMap((spec, i) =>
      spec.districts.map((code) => ({
        volunteerId: ids[i]!,
        districtId: districtIds.get(code)!,
      })),
    ),
  );
  const slots = specs.flatMap((spec, i) =>
    (spec.availability ?? ALL_WEEK).map((slot) => ({ volunteerId: ids[i]!, ...slot })),
  );
  if (slots.length > 0) await db.insert(volunteerAvailability).values(slots);
  return ids;
}

export interface RequestSpec {
  district: string;
  residentId: string;
  category?: 'snow' | 'weeding' | 'rubbish' | 'shopping' | 'visit' | 'other';
  windowStart: Date;
  windowEnd: Date;
  peopleNeeded?: number;
  urgency?: 'low' | 'normal' | 'high';
  status?: 'open' | 'matching';
  matchingSince?: Date;
}

/**
 * Inserts requests the way the API does: each with a `help_request.created` outbox row in the
 * same transaction (unless `outbox: false`). Returns the request ids in order.
 */
export async function createRequests(
  db: Database,
  districtIds: Map<string, string>,
  specs: RequestSpec[],
  { outbox: withOutbox = true } = {},
): Promise<string[]> {
  if (specs.length === 0) return [];
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(helpRequests)
      .values(
        specs.map((spec) => ({
          residentId: spec.residentId,
          createdBy: spec.residentId,
          districtId: districtIds.get(spec.district)!,
          category: spec.category ?? 'snow',
          status: spec.status ?? 'open',
          address: '旭川市永山3条5丁目2-10',
          windowStart: spec.windowStart,
          windowEnd: spec.windowEnd,
          peopleNeeded: spec.peopleNeeded ?? 1,
          urgency: spec.urgency ?? 'normal',
          matchingSince: spec.matchingSince ?? null,
        })),
      )
      .returning({ id: helpRequests.id, districtId: helpRequests.districtId });
    if (withOutbox) {
      await enqueueOutbox(
        tx,
        rows.map((row) => ({
          topic: 'help_request.created' as const,
          payload: { requestId: row.id, districtId: row.districtId },
        })),
      );
    }
    return rows.map((row) => row.id);
  });
}

/** A window `hoursAhead` from now, `hours` long. */
/**
 * A window on the next given weekday (Japan time, 0 = Sunday) at least `minDaysAhead` days
 * away, starting at `hourJst`: for tests whose requests must share a Japan week whatever day
 * and hour the suite runs.
 */
export function nextJstWeekdayWindow(
  weekday: number,
  hourJst: number,
  hours = 2,
  minDaysAhead = 2,
): { windowStart: Date; windowEnd: Date } {
  const day = new Date(Date.now() + JST_OFFSET_MS + minDaysAhead * 86_400_000);
  day.setUTCDate(day.getUTCDate() + ((weekday - day.getUTCDay() + 7) % 7));
  const start = new Date(
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hourJst) - JST_OFFSET_MS,
  );
  return { windowStart: start, windowEnd: new Date(start.getTime() + hours * 3_600_000) };
}

export function windowFromNow(
  hoursAhead: number,
  hours = 2,
): { windowStart: Date; windowEnd: Date } {
  const start = new Date(Date.now() + hoursAhead * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  return { windowStart: start, windowEnd: new Date(start.getTime() + hours * 3_600_000) };
}

/**
 * Deletes every Redis key of one prefix — what a Redis that lost its data looks like to this
 * test — without touching anyone else's keys (the server is shared; never FLUSHALL).
 */
export async function deletePrefixKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Collects what is published on the prefix's live channel. */
export async function listenLive(prefix: string): Promise<{
  messages: Array<{
    audience: Record<string, string>;
    event: { type: string } & Record<string, unknown>;
  }>;
  close: () => Promise<void>;
}> {
  const subscriber = new Redis(TEST_REDIS_URL);
  const messages: Array<{
    audience: Record<string, string>;
    event: { type: string } & Record<string, unknown>;
  }> = [];
  subscriber.on('message', (_channel, message: string) => messages.push(JSON.parse(message)));
  await subscriber.subscribe(`${prefix}:live`);
  return {
    messages,
    close: async () => {
      await subscriber.quit();
    },
  };
}
