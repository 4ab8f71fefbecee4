import { startMailServer, type MailServer } from '@sasaeai/dev-mail';
import { acceptOffer, cancelRequest, editRequest, proposeMatch } from '@sasaeai/db/help-loop';
import { helpRequests, matches, notifications, users } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { Worker } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scanScheduledNotifications } from '../src/handlers/notification-scan.ts';
import { createNotificationChannels } from '../src/notifications/channels.ts';
import type { NotificationSettings } from '../src/notifications/send-notification.ts';
import { relayOutboxBatch } from '../src/outbox-relay.ts';
import { processorFactories } from '../src/processors.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import {
  capturingLogger,
  createPerson,
  FIXTURE_ADDRESS,
  forgetOutbox,
  makeCoordinator,
  makeOffer,
  makeVolunteer,
} from './notification-fixtures.ts';
import {
  createRequests,
  createVolunteers,
  obliterateQueues,
  seedDistrictIds,
  TEST_REDIS_URL,
  waitFor,
  windowFromNow,
} from './support.ts';

const BASE_URL = 'https://sasaeai.example.jp';
const HOUR = 3_600_000;
const JST = 9 * HOUR;
const scheduled = {
  offerExpiringMinutes: 120,
  reminderHourJst: 18,
  digestMinutes: 30,
  callDeadlineMinutes: 60,
  insuranceRenewalDays: 30,
};
const breakdown = { total: 1, terms: [{ term: 'distance' as const, points: 1, detail: '' }] };

let database: TestDatabase;
let districtIds: Map<string, string>;
let chuo: string;
let prefix: string;
let producer: Redis;
let consumer: Redis;
let queues: WorkerQueues;
let worker: Worker;
let mail: MailServer;
let settings: NotificationSettings;
let coordinator: string;
const captured = capturingLogger();

beforeAll(async () => {
  database = await createTestDatabase('notifyev');
  districtIds = await seedDistrictIds(database.db);
  chuo = districtIds.get('chuo')!;
  prefix = uniqueRedisPrefix('notifyev');
  mail = await startMailServer();
  producer = createRedisConnection({
    url: TEST_REDIS_URL,
    role: 'producer',
    logger: captured.logger,
  });
  consumer = createRedisConnection({
    url: TEST_REDIS_URL,
    role: 'worker',
    logger: captured.logger,
  });
  queues = createQueues({ connection: producer, prefix, logger: captured.logger });
  settings = {
    channels: createNotificationChannels({
      smtpUrl: mail.url,
      mailFrom: 'ささえあい <no-reply@sasaeai.example.jp>',
    }),
    links: { baseUrl: BASE_URL },
    maxAttempts: 3,
    retryBaseMs: 50,
    claimLeaseMs: 10_000,
    maxEventAgeMs: 24 * HOUR,
  };
  const processor = processorFactories.notifications!({
    db: database.db,
    notificationsQueue: queues.notifications,
    notifications: settings,
    logger: captured.logger,
  })!;
  worker = new Worker('notifications', processor, { connection: consumer, prefix, concurrency: 3 });
  coordinator = await makeCoordinator(database.db, chuo, { email: 'coord-ev@example.test' });
});

beforeEach(async () => {
  await forgetOutbox(database.db);
});

afterAll(async () => {
  await worker.close();
  settings.channels.email?.close?.();
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(producer);
  await closeRedisConnection(consumer);
  await mail.close();
  await database.drop();
});

/** One scan, then every send it queued has run (so a row still queued is a real repeat). */
async function scan(now = new Date(), options = scheduled) {
  const result = await scanScheduledNotifications(
    { db: database.db, queue: queues.notifications, settings: options },
    now,
  );
  await waitFor(drained);
  return result;
}

async function drained(): Promise<true | undefined> {
  const counts = await queues.notifications.getJobCounts('wait', 'active', 'delayed', 'failed');
  expect(counts.failed).toBe(0);
  const pending = (counts.wait ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0);
  return pending === 0 ? true : undefined;
}

async function emailOf(userId: string): Promise<string> {
  const [row] = await database.db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  return row!.email!;
}

const mailsTo = (address: string) => mail.mails.filter((m) => m.envelopeTo.includes(address));

async function mailsOf(userId: string) {
  await waitFor(drained);
  return mailsTo(await emailOf(userId));
}

function rowsOf(userId: string, eventType: string) {
  return database.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        eq(notifications.eventType, eventType as 'task.changed'),
      ),
    );
}

describe('an offer about to expire', () => {
  it('reminds its volunteer once, with one-tap links, never a fresh offer', async () => {
    const resident = await createPerson(database.db, { name: '利用 期限' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const fresh = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    const other = await makeOffer(database.db, districtIds, resident, fresh, coordinator, 40);
    const now = new Date();
    // Offered eleven hours ago, an hour left: due. The other was offered 30 minutes ago with
    // an hour left (a short offer): its volunteer was just told, so no reminder.
    await database.db
      .update(matches)
      .set({
        offeredAt: new Date(now.getTime() - 11 * HOUR),
        offerExpiresAt: new Date(now.getTime() + HOUR),
      })
      .where(eq(matches.id, matchId));
    await database.db
      .update(matches)
      .set({
        offeredAt: new Date(now.getTime() - HOUR / 2),
        offerExpiresAt: new Date(now.getTime() + HOUR),
      })
      .where(eq(matches.id, other.matchId));

    expect(await scan(now)).toEqual({ notifications: 1 });
    expect(await scan(now)).toEqual({ notifications: 0 });
    const received = await mailsOf(volunteer);
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toContain('まだ お返事が ありません');
    expect(received[0]!.text).toMatch(new RegExp(`引き受ける: ${BASE_URL}/a/\\S+`));
    expect(received[0]!.text).not.toContain(FIXTURE_ADDRESS);
    expect(await mailsOf(fresh)).toEqual([]);
    expect(await rowsOf(volunteer, 'offer.expiring')).toHaveLength(1);
  });
});

describe('the evening before a task', () => {
  it('reminds the accepted volunteer once, from the configured JST hour', async () => {
    const resident = await createPerson(database.db, { name: '利用 前日' });
    const volunteer = await makeVolunteer(database.db, districtIds, { locale: 'en' });
    const { matchId, requestId } = await makeOffer(
      database.db,
      districtIds,
      resident,
      volunteer,
      coordinator,
    );
    await acceptOffer(database.db, matchId, volunteer);
    // Today in Japan; the task is tomorrow at 9:00 JST, accepted yesterday.
    const local = new Date(Date.now() + JST);
    const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - JST;
    await database.db
      .update(helpRequests)
      .set({
        windowStart: new Date(today + 33 * HOUR),
        windowEnd: new Date(today + 35 * HOUR),
      })
      .where(eq(helpRequests.id, requestId));
    await database.db
      .update(matches)
      .set({ respondedAt: new Date(today - HOUR) })
      .where(eq(matches.id, matchId));

    // 17:59 JST: not yet. 18:00 and 21:00: once.
    expect(await scan(new Date(today + 17 * HOUR + 59 * 60_000))).toEqual({ notifications: 0 });
    expect(await scan(new Date(today + 18 * HOUR))).toEqual({ notifications: 1 });
    expect(await scan(new Date(today + 21 * HOUR))).toEqual({ notifications: 0 });
    const received = await mailsOf(volunteer);
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toMatch(/^Tomorrow: snow clearing/);
    expect(received[0]!.text).not.toContain(FIXTURE_ADDRESS);
    // A later hour in the settings: nothing at 18:00.
    expect(await scan(new Date(today + 18 * HOUR), { ...scheduled, reminderHourJst: 20 })).toEqual({
      notifications: 0,
    });
  });
});

describe('proposals waiting for approval', () => {
  it('come to each coordinator of the district as one digest, at most every N minutes', async () => {
    const suehiro = districtIds.get('suehiro')!;
    const first = await makeCoordinator(database.db, suehiro, { email: 'digest-a@example.test' });
    const second = await makeCoordinator(database.db, suehiro, {
      email: 'digest-b@example.test',
      locale: 'en',
    });
    const resident = await createPerson(database.db, { name: '利用 提案' });
    const volunteers = await createVolunteers(database.db, districtIds, [
      { districts: ['suehiro'] },
      { districts: ['suehiro'] },
      { districts: ['suehiro'] },
    ]);
    const requests = await createRequests(
      database.db,
      districtIds,
      [30, 50, 70].map((hours) => ({
        district: 'suehiro',
        residentId: resident,
        ...windowFromNow(hours),
      })),
      { outbox: false },
    );
    const propose = (i: number) =>
      proposeMatch(database.db, {
        requestId: requests[i]!,
        volunteerId: volunteers[i]!,
        score: 1,
        breakdown,
      });
    await propose(0);
    await propose(1);

    const now = new Date();
    expect(await scan(now)).toEqual({ notifications: 2 });
    expect(await scan(now)).toEqual({ notifications: 0 });
    const [toFirst] = await mailsOf(first);
    expect(toFirst!.subject).toBe('承認待ちの 提案: 末広 2件');
    expect((await mailsOf(second))[0]!.subject).toMatch(/^Proposals waiting: .* \(2\)$/);

    // A third proposal: not before the interval is over, then one more digest each.
    await propose(2);
    expect(await scan(new Date(now.getTime() + 10 * 60_000))).toEqual({ notifications: 0 });
    expect(await scan(new Date(now.getTime() + 31 * 60_000))).toEqual({ notifications: 2 });
    const again = await mailsOf(first);
    expect(again).toHaveLength(2);
    expect(again[1]!.subject).toBe('承認待ちの 提案: 末広 3件');
    // Nothing new since: no more digests, however long they wait.
    expect(await scan(new Date(now.getTime() + 3 * HOUR))).toEqual({ notifications: 0 });
  });
});

describe('a task changed or cancelled', () => {
  const relayAndDrain = async () => {
    await relayOutboxBatch({ db: database.db, queues, limit: 100 });
    await waitFor(drained);
  };

  it('tells the accepted volunteer what the coordinator changed, without the notes themselves', async () => {
    const resident = await createPerson(database.db, { name: '利用 変更' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId, requestId } = await makeOffer(
      database.db,
      districtIds,
      resident,
      volunteer,
      coordinator,
    );
    await acceptOffer(database.db, matchId, volunteer);
    await relayAndDrain();
    await editRequest(database.db, {
      requestId,
      actorId: coordinator,
      edit: { notes: '玄関の 鍵は 090-1234-5678 に 電話' },
    });
    await relayAndDrain();
    const received = (await mailsOf(volunteer)).filter((m) => m.subject.includes('変わりました'));
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toContain('・頼みたい こと（メモ）');
    expect(received[0]!.text).not.toContain('090-1234-5678');
    expect(received[0]!.text).not.toContain(FIXTURE_ADDRESS);
    expect(await rowsOf(volunteer, 'task.changed')).toHaveLength(1);
  });

  it('says the time was changed when the edit withdrew the task, and the resident cancelled', async () => {
    const resident = await createPerson(database.db, { name: '利用 取消' });
    const moved = await makeVolunteer(database.db, districtIds);
    const first = await makeOffer(database.db, districtIds, resident, moved, coordinator);
    await acceptOffer(database.db, first.matchId, moved);
    await relayAndDrain();
    const later = windowFromNow(60);
    await editRequest(database.db, {
      requestId: first.requestId,
      actorId: coordinator,
      edit: { window: { start: later.windowStart, end: later.windowEnd, asSoonAsPossible: false } },
    });
    await relayAndDrain();
    const withdrawn = (await mailsOf(moved)).filter((m) => m.subject.includes('取り消し'));
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]!.text).toContain('センターが 日時を 変えました。');

    const helper = await makeVolunteer(database.db, districtIds);
    const second = await makeOffer(database.db, districtIds, resident, helper, coordinator);
    await acceptOffer(database.db, second.matchId, helper);
    await relayAndDrain();
    await cancelRequest(database.db, second.requestId, resident);
    await relayAndDrain();
    const cancelled = (await mailsOf(helper)).filter((m) => m.subject.includes('取り消し'));
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.text).toContain('依頼が 取り消されました。');
    expect(cancelled[0]!.text).not.toContain('日時を 変えました');
  });
});

describe('a call not made by its deadline', () => {
  it('tells the district’s coordinators once by e-mail, naming no one', async () => {
    const kagura = districtIds.get('kagura')!;
    const boss = await makeCoordinator(database.db, kagura, { email: 'kagura-boss@example.test' });
    const resident = await createPerson(database.db, { name: '電話 待子', email: null });
    const [call] = await database.db
      .insert(notifications)
      .values({
        userId: resident,
        eventKey: `match.accepted:${crypto.randomUUID()}`,
        eventType: 'match.accepted',
        channel: 'phone_call',
        template: 'match.accepted/v1',
        language: 'ja',
        status: 'sent',
        districtId: kagura,
      })
      .returning();
    const since = call!.createdAt.getTime();
    // Other tests' tasks may be due for their own notices at these times: count this one's.
    const escalations = async (minutes: number) => {
      await scan(new Date(since + minutes * 60_000));
      return (await rowsOf(boss, 'call.overdue')).length;
    };
    expect(await escalations(59)).toBe(0);
    expect(await escalations(61)).toBe(1);
    expect(await escalations(120)).toBe(1);
    const received = await mailsOf(boss);
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe('【至急】まだ 電話が できていません: 神楽');
    expect(received[0]!.text).toContain('手伝う 人が 決まった 連絡');
    expect(received[0]!.text).not.toContain('待子');
    const [escalation] = await rowsOf(boss, 'call.overdue');
    expect(escalation!.eventKey).toBe(`call.overdue:${call!.id}`);
    // A call made in time is never escalated.
    await database.db
      .update(notifications)
      .set({ status: 'delivered' })
      .where(eq(notifications.id, call!.id));
    const other = await makeCoordinator(database.db, kagura, { email: 'kagura-new@example.test' });
    await scan(new Date(since + 3 * HOUR));
    expect(await rowsOf(other, 'call.overdue')).toEqual([]);
  });
});
