import { randomUUID } from 'node:crypto';
import { startMailServer, type MailServer, type RecipientAnswer } from '@sasaeai/dev-mail';
import { fanOutNotifications, planNotifications, templateFor } from '@sasaeai/db/notifications';
import { notifications, users } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { UnrecoverableError } from 'bullmq';
import { eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createNotificationChannels } from '../src/notifications/channels.ts';
import { processNotificationJob, SendNotificationJob } from '../src/handlers/notifications.ts';
import {
  enqueueDueRows,
  LATER_PRIORITY,
  SEND_NOTIFICATION_JOB,
  sendNotification,
  type NotificationSettings,
  type SendNotificationDependencies,
} from '../src/notifications/send-notification.ts';
import { createTakenRows } from '../src/notifications/taken-rows.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import {
  createPerson,
  forgetOutbox,
  latestOutbox,
  makeCoordinator,
  makeOffer,
  makeVolunteer,
} from './notification-fixtures.ts';
import { obliterateQueues, seedDistrictIds, silentLogger, TEST_REDIS_URL } from './support.ts';

/**
 * A send job takes other due rows with its own (one claim, one render pass and one "sent"
 * statement per batch), so a storm's offers are not each paying several round trips.
 */
let database: TestDatabase;
let districtIds: Map<string, string>;
let coordinator: string;
let producer: Redis;
let queues: WorkerQueues;
let mail: MailServer;
let settings: NotificationSettings;
const answers = new Map<string, RecipientAnswer[]>();

beforeAll(async () => {
  database = await createTestDatabase('notifybatch');
  districtIds = await seedDistrictIds(database.db);
  coordinator = await makeCoordinator(database.db, districtIds.get('chuo')!, {
    email: 'batch-coordinator@example.test',
  });
  producer = createRedisConnection({ url: TEST_REDIS_URL, role: 'producer', logger: silentLogger });
  queues = createQueues({
    connection: producer,
    prefix: uniqueRedisPrefix('notify-batch'),
    logger: silentLogger,
  });
  mail = await startMailServer({ answerRecipient: (address) => answers.get(address)?.shift() });
  settings = {
    channels: createNotificationChannels({
      smtpUrl: mail.url,
      mailFrom: 'ささえあい <no-reply@sasaeai.example.jp>',
    }),
    links: { baseUrl: 'https://sasaeai.example.jp' },
    maxAttempts: 3,
    retryBaseMs: 50,
    claimLeaseMs: 10_000,
    maxEventAgeMs: 24 * 3_600_000,
    sendBatchSize: 20,
  };
});

beforeEach(async () => {
  // Rows left queued by one test must not join the next one's batch.
  await database.db
    .update(notifications)
    .set({ status: 'skipped' })
    .where(eq(notifications.status, 'queued'));
  await forgetOutbox(database.db);
});

afterAll(async () => {
  settings.channels.email?.close?.();
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(producer);
  await mail.close();
  await database.drop();
});

const depsWith = (
  taken = createTakenRows(settings.claimLeaseMs),
): SendNotificationDependencies => ({
  db: database.db,
  queue: queues.notifications,
  settings,
  taken,
});

/** Offers to `count` new volunteers, their e-mail rows queued (as the fan-out leaves them). */
async function queuedOffers(count: number): Promise<{ id: string; email: string }[]> {
  const resident = await createPerson(database.db, { name: '利用 束子' });
  const rows: { id: string; email: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const volunteer = await makeVolunteer(database.db, districtIds);
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    const event = await latestOutbox(database.db, 'match.changed');
    const plans = await planNotifications(database.db, {
      outboxId: event.id.toString(),
      topic: 'match.changed',
      payload: event.payload as { matchId: string },
    });
    const [id] = await fanOutNotifications(database.db, plans);
    await forgetOutbox(database.db);
    const [person] = await database.db
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, volunteer));
    rows.push({ id: id!, email: person!.email! });
  }
  return rows;
}

/** A digest for the coordinator: a notice that can wait. */
async function queuedDigest(): Promise<string> {
  const [row] = await database.db
    .insert(notifications)
    .values({
      userId: coordinator,
      eventKey: `proposals.waiting:batch-test:${Date.now()}`,
      eventType: 'proposals.waiting',
      channel: 'email',
      template: templateFor('proposals.waiting'),
      language: 'ja',
      districtId: districtIds.get('chuo')!,
    })
    .returning({ id: notifications.id });
  return row!.id;
}

const statusOf = async (ids: readonly string[]) =>
  new Map(
    (
      await database.db
        .select({ id: notifications.id, status: notifications.status })
        .from(notifications)
        .where(inArray(notifications.id, [...ids]))
    ).map((row) => [row.id, row.status]),
  );

const mailsFor = (ids: readonly string[]) =>
  mail.mails.filter((m) => ids.some((id) => m.messageId === `<${id}@sasaeai.notifications>`));

it('one job sends the other due offers with its own, each once; their own jobs send nothing', async () => {
  const offers = await queuedOffers(3);
  const ids = offers.map((offer) => offer.id);
  const taken = createTakenRows(settings.claimLeaseMs);

  expect(await sendNotification(depsWith(taken), ids[0]!)).toBe('sent');
  expect([...(await statusOf(ids)).values()]).toEqual(['sent', 'sent', 'sent']);
  expect(mailsFor(ids)).toHaveLength(3);
  // Each offer mail carries its own one-tap links.
  const links = mailsFor(ids).map((m) => /\/a\/([\w.]+)/.exec(m.text)?.[1]);
  expect(new Set(links).size).toBe(3);

  // The other rows' own jobs: this process knows it took them; another asks the database.
  expect(await sendNotification(depsWith(taken), ids[1]!)).toBe('not_due');
  expect(await sendNotification(depsWith(), ids[2]!)).toBe('not_due');
  expect(mailsFor(ids)).toHaveLength(3);
});

it("an offer's job leaves a notice that can wait; the notice's job takes offers with it", async () => {
  const digest = await queuedDigest();
  const [first, second] = await queuedOffers(2);

  expect(await sendNotification(depsWith(), first!.id)).toBe('sent');
  let status = await statusOf([digest, first!.id, second!.id]);
  expect(status.get(digest)).toBe('queued');
  expect(status.get(second!.id)).toBe('sent');

  const [third] = await queuedOffers(1);
  expect(await sendNotification(depsWith(), digest)).toBe('sent');
  status = await statusOf([digest, third!.id]);
  expect(status.get(digest)).toBe('sent');
  expect(status.get(third!.id)).toBe('sent');
});

it('a row of the batch put back for a retry is sent by its retry job in the same process', async () => {
  const offers = await queuedOffers(2);
  answers.set(offers[1]!.email, [{ code: 451, message: 'try again later' }]);
  const taken = createTakenRows(settings.claimLeaseMs);

  expect(await sendNotification(depsWith(taken), offers[0]!.id)).toBe('sent');
  expect((await statusOf([offers[1]!.id])).get(offers[1]!.id)).toBe('queued');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await sendNotification(depsWith(taken), offers[1]!.id)).toBe('sent');
  expect(mailsFor([offers[1]!.id])).toHaveLength(1);
});

it('a fan-out queues one send job per batch of due rows, offers apart from notices that wait', async () => {
  const offers = Array.from({ length: 45 }, () => ({
    id: randomUUID(),
    eventType: 'match.offered' as const,
  }));
  const notices = Array.from({ length: 3 }, () => ({
    id: randomUUID(),
    eventType: 'request.unmatched' as const,
  }));
  const now = new Date();
  await enqueueDueRows(
    queues.notifications,
    [...offers, ...notices].map((row) => ({ ...row, dueAt: now })),
    20,
  );
  const jobs = await queues.notifications.getJobs(['wait', 'prioritized']);
  const idsOf = (job: (typeof jobs)[number]) => {
    const data = SendNotificationJob.parse(job.data);
    return [data.notificationId, ...(data.alsoIds ?? [])];
  };
  expect(jobs.map((job) => idsOf(job).length).sort((a, b) => a - b)).toEqual([3, 5, 20, 20]);
  const noticeJob = jobs.find((job) => idsOf(job).includes(notices[0]!.id));
  expect(idsOf(noticeJob!).sort()).toEqual(notices.map((row) => row.id).sort());
  expect(noticeJob!.opts.priority).toBe(LATER_PRIORITY);
  expect(jobs.flatMap(idsOf).sort()).toEqual([...offers, ...notices].map((row) => row.id).sort());
  await obliterateQueues(queues);
});

it('a job of several rows sends the ones still free, and never one already sent or held', async () => {
  const offers = await queuedOffers(4);
  const ids = offers.map((offer) => offer.id);
  // One row already went out; another is held by a worker that claimed it a moment ago.
  expect(
    await sendNotification({ ...depsWith(), settings: { ...settings, sendBatchSize: 1 } }, ids[1]!),
  ).toBe('sent');
  await database.db
    .update(notifications)
    .set({ nextAttemptAt: new Date(Date.now() + 60_000) })
    .where(eq(notifications.id, ids[2]!));
  const before = mailsFor(ids).length;

  const extra = await queuedOffers(1);
  const small = { ...settings, sendBatchSize: 3 };
  expect(await sendNotification({ ...depsWith(), settings: small }, ids)).toBe('sent');
  const status = await statusOf([...ids, extra[0]!.id]);
  expect([ids[0], ids[1], ids[3]].map((id) => status.get(id!))).toEqual(['sent', 'sent', 'sent']);
  expect(status.get(ids[2]!)).toBe('queued');
  // Two own rows were free; the batch of three took one more due row.
  expect(status.get(extra[0]!.id)).toBe('sent');
  expect(mailsFor(ids).length - before).toBe(2);
  expect(mailsFor([ids[1]!])).toHaveLength(1);
});

it('refuses a send job naming rows that are not ids, or too many, without retrying', async () => {
  const deps = depsWith();
  for (const data of [
    { notificationId: randomUUID(), alsoIds: ['x'] },
    { notificationId: randomUUID(), alsoIds: Array.from({ length: 100 }, () => randomUUID()) },
    { notificationId: randomUUID(), alsoIds: [randomUUID()], extra: 1 },
  ]) {
    await expect(
      processNotificationJob(deps, {
        id: 'bad',
        name: SEND_NOTIFICATION_JOB,
        queueName: 'notifications',
        data,
      }),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  }
});
