import type { OutboxMessage } from '@sasaeai/contracts';
import { startMailServer, type MailServer, type RecipientAnswer } from '@sasaeai/dev-mail';
import {
  acceptOffer,
  cancelRequest,
  completeMatch,
  declineOffer,
  enqueueOutbox,
  markUnmatchedMany,
  withdrawVolunteer,
} from '@sasaeai/db/help-loop';
import {
  claimNotification,
  fanOutNotifications,
  planNotifications,
} from '@sasaeai/db/notifications';
import {
  actionTokens,
  notificationPreferences,
  notifications,
  thanks,
  users,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { UnrecoverableError, Worker } from 'bullmq';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { processNotificationJob, reconcileNotifications } from '../src/handlers/notifications.ts';
import { NOTIFICATION_EVENTS_JOB } from '../src/notifications/event-batch.ts';
import { createNotificationChannels } from '../src/notifications/channels.ts';
import {
  sendNotification,
  type NotificationSettings,
} from '../src/notifications/send-notification.ts';
import { relayOutboxBatch } from '../src/outbox-relay.ts';
import { processorFactories } from '../src/processors.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import {
  capturingLogger,
  createPerson,
  FIXTURE_ADDRESS,
  forgetOutbox,
  latestOutbox,
  makeCoordinator,
  makeOffer,
  makePairOffers,
  makeVolunteer,
} from './notification-fixtures.ts';
import { obliterateQueues, seedDistrictIds, TEST_REDIS_URL, waitFor } from './support.ts';

const BASE_URL = 'https://sasaeai.example.jp';
/** Offers are made 30 hours ahead (makeOffer); a task is reported done once its window began. */
const AFTER_THE_WINDOW = new Date(Date.now() + 33 * 3_600_000);

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
const captured = capturingLogger();
/** Per address: what the SMTP server answers to each RCPT TO, in order (then: accept). */
const answers = new Map<string, RecipientAnswer[]>();
let coordinator: string;

beforeAll(async () => {
  database = await createTestDatabase('notify');
  districtIds = await seedDistrictIds(database.db);
  chuo = districtIds.get('chuo')!;
  prefix = uniqueRedisPrefix('notify');
  mail = await startMailServer({
    answerRecipient: (address) => answers.get(address)?.shift(),
  });
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
    maxEventAgeMs: 24 * 3_600_000,
    // As in production: a send job takes other due rows with its own.
    sendBatchSize: 20,
  };
  // Only the notifications queue is consumed here: matching jobs the transitions cause wait.
  const processor = processorFactories.notifications!({
    db: database.db,
    notificationsQueue: queues.notifications,
    notifications: settings,
    logger: captured.logger,
  })!;
  worker = new Worker('notifications', processor, { connection: consumer, prefix, concurrency: 3 });
  coordinator = await makeCoordinator(database.db, chuo, { email: 'coordinator@example.test' });
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

const relay = () => relayOutboxBatch({ db: database.db, queues, limit: 100 });

const mailsTo = (address: string) => mail.mails.filter((m) => m.envelopeTo.includes(address));

async function emailOf(userId: string): Promise<string> {
  const [row] = await database.db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  return row!.email!;
}

function rowsFor(userId: string) {
  return database.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(notifications.createdAt);
}

/** Nothing waiting, running or delayed on the notifications queue, and nothing failed. */
async function drained(): Promise<true | undefined> {
  const counts = await queues.notifications.getJobCounts('wait', 'active', 'delayed', 'failed');
  expect(counts.failed).toBe(0);
  const pending = (counts.wait ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0);
  return pending === 0 ? true : undefined;
}

async function relayAndDrain(): Promise<void> {
  await relay();
  await waitFor(drained);
}

describe('a new offer', () => {
  it('reaches the volunteer once by e-mail, in their language, with one-tap links and no address', async () => {
    const resident = await createPerson(database.db, { name: '利用 花子' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await relayAndDrain();

    const address = await emailOf(volunteer);
    const received = mailsTo(address);
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toContain('お手伝いの依頼');
    // One-tap links issued for this offer, bound to this volunteer, stored hashed.
    const accept = new RegExp(`引き受ける: ${BASE_URL}/a/([\\w.]+)`).exec(received[0]!.text)?.[1];
    const decline = new RegExp(`ことわる: ${BASE_URL}/a/([\\w.]+)`).exec(received[0]!.text)?.[1];
    expect(accept).toBeDefined();
    expect(decline).toBeDefined();
    const tokens = await database.db
      .select()
      .from(actionTokens)
      .where(eq(actionTokens.matchId, matchId));
    expect(tokens.map((t) => [t.purpose, t.userId]).sort()).toEqual([
      ['offer.accept', volunteer],
      ['offer.decline', volunteer],
    ]);
    expect(tokens.map((t) => t.id).sort()).toEqual(
      [accept!, decline!].map((t) => t.split('.')[0]).sort(),
    );
    expect(received[0]!.text).toContain('中央');
    expect(received[0]!.text).not.toContain(FIXTURE_ADDRESS);
    expect(received[0]!.messageId).toMatch(/@sasaeai\.notifications>$/);

    const [row] = await rowsFor(volunteer);
    expect(row).toMatchObject({
      eventKey: `match.offered:${matchId}`,
      eventType: 'match.offered',
      channel: 'email',
      template: 'match.offered/v1',
      language: 'ja',
      status: 'sent',
      attempts: 1,
      lastError: null,
      providerMessageId: received[0]!.messageId,
    });
    expect(row!.sentAt).toBeInstanceOf(Date);
  });

  it('is sent once however often its job runs: a second relay adds no row and no mail', async () => {
    const resident = await createPerson(database.db, { name: '利用 次郎' });
    const volunteer = await makeVolunteer(database.db, districtIds, { locale: 'en' });
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    const row = await latestOutbox(database.db, 'match.changed');
    await relayAndDrain();
    // The same outbox row relayed again after BullMQ forgot its job id (a day later, or after
    // Redis lost its data): the job runs a second time.
    await queues.notifications.add(
      'match.changed',
      { outboxId: row.id.toString(), topic: row.topic, payload: row.payload },
      { jobId: `again-${row.id}` },
    );
    await waitFor(drained);

    expect(await rowsFor(volunteer)).toHaveLength(1);
    const received = mailsTo(await emailOf(volunteer));
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toMatch(/^Can you help\? snow clearing/);
    expect(received[0]!.text).toMatch(
      new RegExp(`Accept: ${BASE_URL}/a/\\S+\nDecline: ${BASE_URL}/a/`),
    );
  });

  it('is not announced when its event is older than a day (a backlog from before)', async () => {
    const resident = await createPerson(database.db, { name: '利用 古い' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    const row = await latestOutbox(database.db, 'match.changed');
    await queues.notifications.add(
      'match.changed',
      { outboxId: row.id.toString(), topic: row.topic, payload: row.payload },
      { jobId: `old-${row.id}`, timestamp: Date.now() - 25 * 3_600_000 },
    );
    await waitFor(drained);
    expect(await rowsFor(volunteer)).toEqual([]);
    expect(mailsTo(await emailOf(volunteer))).toEqual([]);
  });
});

describe('a relay pass of events', () => {
  it('is fanned out as one job: each person hears each event once, even an event relayed twice', async () => {
    const resident = await createPerson(database.db, { name: '利用 一括' });
    const volunteers = [
      await makeVolunteer(database.db, districtIds),
      await makeVolunteer(database.db, districtIds),
      await makeVolunteer(database.db, districtIds),
    ];
    const matchIds: string[] = [];
    for (const volunteer of volunteers) {
      matchIds.push(
        (await makeOffer(database.db, districtIds, resident, volunteer, coordinator)).matchId,
      );
    }
    // The last offer's event twice in one pass (two writers announced the same state).
    const again = await latestOutbox(database.db, 'match.changed');
    expect((again.payload as { matchId: string }).matchId).toBe(matchIds[2]);
    await enqueueOutbox(database.db, {
      topic: 'match.changed',
      payload: again.payload,
    } as OutboxMessage);
    await acceptOffer(database.db, matchIds[0]!, volunteers[0]!);
    await relay();
    const events = await queues.notifications.getJobs(['wait', 'active', 'completed']);
    const ours = events.filter((job) => JSON.stringify(job.data).includes(matchIds[1]!));
    expect(ours.map((job) => job.name)).toEqual([NOTIFICATION_EVENTS_JOB]);
    expect(JSON.stringify(ours[0]!.data)).toContain(matchIds[2]!);
    await waitFor(drained);

    // Offered then accepted before the job ran: announced as it is now, to the resident.
    expect(await rowsFor(volunteers[0]!)).toEqual([]);
    expect((await rowsFor(resident)).map((row) => row.eventKey)).toEqual([
      `match.accepted:${matchIds[0]}`,
    ]);
    for (const [index, volunteer] of volunteers.slice(1).entries()) {
      expect((await rowsFor(volunteer)).map((row) => row.eventKey)).toEqual([
        `match.offered:${matchIds[index + 1]}`,
      ]);
      expect(mailsTo(await emailOf(volunteer))).toHaveLength(1);
    }
  });

  it('too old to announce is dropped whole; a malformed one fails without retrying', async () => {
    const resident = await createPerson(database.db, { name: '利用 古便' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    const row = await latestOutbox(database.db, 'match.changed');
    const events = [{ outboxId: row.id.toString(), topic: row.topic, payload: row.payload }];
    await queues.notifications.add(
      NOTIFICATION_EVENTS_JOB,
      { events },
      { jobId: `old-events-${row.id}`, timestamp: Date.now() - 25 * 3_600_000 },
    );
    await waitFor(drained);
    expect(await rowsFor(volunteer)).toEqual([]);

    const deps = { db: database.db, queue: queues.notifications, settings };
    for (const data of [{ events: [] }, { events: [{ ...events[0], payload: 'x' }] }, {}]) {
      await expect(
        processNotificationJob(deps, {
          id: 'bad',
          name: NOTIFICATION_EVENTS_JOB,
          queueName: 'notifications',
          data,
        }),
      ).rejects.toBeInstanceOf(UnrecoverableError);
    }
  });
});

describe('kill-safety', () => {
  it('a row whose job was lost is sent once by the reconciler; a sent row is never sent again', async () => {
    const resident = await createPerson(database.db, { name: '利用 三郎' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    const outboxRow = await latestOutbox(database.db, 'match.changed');
    // The fan-out committed its rows, then the process died before adding the send jobs (or
    // Redis lost them): the rows wait in PostgreSQL with no job.
    const plans = await planNotifications(database.db, {
      outboxId: outboxRow.id.toString(),
      topic: 'match.changed',
      payload: outboxRow.payload as { matchId: string },
    });
    const [id] = await fanOutNotifications(database.db, plans);

    // A worker claims it and is killed -9 before the SMTP conversation: the claim's lease keeps
    // the reconciler away until it runs out…
    await claimNotification(database.db, id!, 60_000);
    const deps = { db: database.db, queue: queues.notifications, graceMs: 0 };
    expect(await reconcileNotifications(deps)).toEqual({ notifications: 0 });
    await database.db
      .update(notifications)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(notifications.id, id!));
    // …then it is sent again, once.
    expect(await reconcileNotifications(deps)).toEqual({ notifications: 1 });
    await waitFor(drained);
    const address = await emailOf(volunteer);
    expect(mailsTo(address)).toHaveLength(1);
    expect((await rowsFor(volunteer))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    // A sent row: the reconciler leaves it, and a stray send job for it sends nothing.
    expect(await reconcileNotifications(deps)).toEqual({ notifications: 0 });
    await queues.notifications.add('notification.send', { notificationId: id });
    await relayAndDrain();
    expect(mailsTo(address)).toHaveLength(1);
  });
});

describe('clocks', () => {
  it("a worker whose clock is behind the database's still finds a new row due", async () => {
    const resident = await createPerson(database.db, { name: '利用 時計' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    const outboxRow = await latestOutbox(database.db, 'match.changed');
    const plans = await planNotifications(database.db, {
      outboxId: outboxRow.id.toString(),
      topic: 'match.changed',
      payload: outboxRow.payload as { matchId: string },
    });
    const [id] = await fanOutNotifications(database.db, plans);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() - 5_000);
      const outcome = await sendNotification(
        { db: database.db, queue: queues.notifications, settings },
        id!,
      );
      expect(outcome).toBe('sent');
    } finally {
      vi.useRealTimers();
    }
    expect(mailsTo(await emailOf(volunteer))).toHaveLength(1);
  });
});

describe('SMTP answers', () => {
  it('a 4xx is retried after a pause, and the mail then goes through', async () => {
    const resident = await createPerson(database.db, { name: '利用 四郎' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const address = await emailOf(volunteer);
    const busy = { code: 451, message: `4.3.0 ${address} mailbox busy, try later` };
    answers.set(address, [busy, busy]);
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await relay();
    await waitFor(async () => (mailsTo(address).length === 1 ? true : undefined));
    await waitFor(drained);

    const rows = await rowsFor(volunteer);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: 'email',
      status: 'sent',
      attempts: 3,
      lastError: null,
    });
  });

  it('a 4xx on every attempt ends the e-mail as failed and falls back to a phone call', async () => {
    const resident = await createPerson(database.db, { name: '利用 五郎' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const address = await emailOf(volunteer);
    const busy = { code: 452, message: `4.2.2 ${address} over quota` };
    answers.set(address, [busy, busy, busy]);
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await relay();
    await waitFor(async () => ((await rowsFor(volunteer)).length === 2 ? true : undefined));
    await waitFor(drained);

    const [email, call] = await rowsFor(volunteer);
    expect(email).toMatchObject({
      channel: 'email',
      status: 'failed',
      attempts: 3,
      lastError: 'smtp 452',
    });
    expect(call).toMatchObject({
      channel: 'phone_call',
      status: 'sent',
      eventKey: email!.eventKey,
      districtId: chuo,
      providerMessageId: `call-list:${call!.id}`,
    });
    expect(mailsTo(address)).toHaveLength(0);
  });

  it('a 5xx is not retried: the e-mail bounces at once and a phone call is queued', async () => {
    const resident = await createPerson(database.db, { name: '利用 六郎' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const address = await emailOf(volunteer);
    answers.set(address, [{ code: 550, message: `5.1.1 <${address}> no such user` }]);
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await relayAndDrain();
    await waitFor(async () => ((await rowsFor(volunteer)).length === 2 ? true : undefined));

    const [email, call] = await rowsFor(volunteer);
    expect(email).toMatchObject({ status: 'bounced', attempts: 1, lastError: 'smtp 550' });
    expect(call).toMatchObject({ channel: 'phone_call', status: 'sent' });
  });
});

describe('events that notify', () => {
  it('tells the resident in plain Japanese that a helper was found: who and when', async () => {
    const resident = await createPerson(database.db, { name: '利用 七子' });
    const volunteer = await makeVolunteer(database.db, districtIds, { name: '北野 ハナ' });
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await acceptOffer(database.db, matchId, volunteer);
    await relayAndDrain();

    const [received] = mailsTo(await emailOf(resident));
    expect(received!.subject).toBe('てつだう 人が 決まりました');
    expect(received!.text).toContain('北野さんが 雪かきに 行きます。');
    expect(received!.text).toMatch(/日にち: \d+月\d+日\(.\) \d+:\d\d〜\d+:\d\d\n/);
    expect(received!.text).not.toContain('ハナ');
  });

  it('names a group by its group name, in English for an English reader', async () => {
    const resident = await createPerson(database.db, { name: 'Resident En', locale: 'en' });
    const volunteer = await makeVolunteer(database.db, districtIds, { group: 'yes' });
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await acceptOffer(database.db, matchId, volunteer);
    await relayAndDrain();

    const [received] = mailsTo(await emailOf(resident));
    expect(received!.subject).toBe('A helper is coming');
    expect(received!.text).toMatch(/^グループ1 will come for snow clearing\./);
  });

  it('tells the resident we are looking again when the helper declines', async () => {
    const resident = await createPerson(database.db, { name: '利用 八子' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await declineOffer(database.db, matchId, volunteer);
    await relayAndDrain();

    const [received] = mailsTo(await emailOf(resident));
    expect(received!.subject).toBe('てつだう 人を もう一度 さがして います');
  });

  it('asks a coordinator to phone a resident who has no e-mail address', async () => {
    const resident = await createPerson(database.db, { name: '電話 九子', email: null });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await acceptOffer(database.db, matchId, volunteer);
    await relayAndDrain();

    const rows = await rowsFor(resident);
    expect(rows).toEqual([
      expect.objectContaining({ channel: 'phone_call', status: 'sent', districtId: chuo }),
    ]);
  });

  it('tells the volunteer when a task they accepted is cancelled', async () => {
    const resident = await createPerson(database.db, { name: '利用 十子' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { requestId, matchId } = await makeOffer(
      database.db,
      districtIds,
      resident,
      volunteer,
      coordinator,
    );
    await acceptOffer(database.db, matchId, volunteer);
    await cancelRequest(database.db, requestId, resident);
    await relayAndDrain();

    // Every job reads the match as it is now: cancelled. The volunteer (who accepted in the app)
    // hears once that it was withdrawn — not of an offer that no longer stands.
    const received = mailsTo(await emailOf(volunteer));
    expect(received.map((m) => m.subject)).toEqual([
      expect.stringContaining('取り消しに なりました'),
    ]);
    expect(received[0]!.text).toContain('行かなくて 大丈夫です。');
    expect((await rowsFor(volunteer)).map((row) => row.eventKey)).toEqual([
      `match.withdrawn:${matchId}`,
    ]);
  });

  it('tells a first-timer why their task was withdrawn when their partner declines', async () => {
    const resident = await createPerson(database.db, { name: '利用 十四半' });
    const newcomer = await makeVolunteer(database.db, districtIds);
    const veteran = await makeVolunteer(database.db, districtIds);
    await database.db
      .update(volunteerProfiles)
      .set({ firstTaskWithBuddy: true })
      .where(eq(volunteerProfiles.userId, newcomer));
    const offered = await makePairOffers(
      database.db,
      districtIds,
      resident,
      [veteran, newcomer],
      coordinator,
    );
    await acceptOffer(database.db, offered[1]!, newcomer);
    await declineOffer(database.db, offered[0]!, veteran);
    await relayAndDrain();

    const received = mailsTo(await emailOf(newcomer));
    expect(received.map((m) => m.subject)).toEqual([
      expect.stringContaining('取り消しに なりました'),
    ]);
    expect(received[0]!.text).toContain('いっしょに 行く 人が 行けなく なりました。');
    expect(received[0]!.text).toContain('行かなくて 大丈夫です。');
  });

  it('when an accepted volunteer is withdrawn (suspended), tells them and the resident', async () => {
    const resident = await createPerson(database.db, { name: '利用 十四' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await acceptOffer(database.db, matchId, volunteer);
    await database.db.transaction((tx) => withdrawVolunteer(tx, volunteer, coordinator));
    await relayAndDrain();

    expect(mailsTo(await emailOf(volunteer)).map((m) => m.subject)).toEqual([
      expect.stringContaining('取り消しに なりました'),
    ]);
    expect(mailsTo(await emailOf(resident)).map((m) => m.subject)).toEqual([
      'てつだう 人を もう一度 さがして います',
    ]);
  });

  it('tells a person whose account was anonymised nothing, and puts them on no call list', async () => {
    const resident = await createPerson(database.db, { name: '利用 十五' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await acceptOffer(database.db, matchId, volunteer);
    // As a coordinator carrying out the volunteer's deletion request does, in one transaction.
    await database.db.transaction(async (tx) => {
      await withdrawVolunteer(tx, volunteer, coordinator);
      await tx
        .update(users)
        .set({ displayName: '削除済み', email: null, anonymisedAt: new Date() })
        .where(eq(users.id, volunteer));
    });
    await relayAndDrain();

    expect(await rowsFor(volunteer)).toEqual([]);
    expect(mailsTo(await emailOf(resident)).map((m) => m.subject)).toEqual([
      'てつだう 人を もう一度 さがして います',
    ]);
  });

  it('sends nothing queued for a person anonymised before it went, not even a call', async () => {
    const resident = await createPerson(database.db, { name: '電話 十六', email: null });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await forgetOutbox(database.db);
    await acceptOffer(database.db, matchId, volunteer);
    const outboxRow = await latestOutbox(database.db, 'match.changed');
    const plans = await planNotifications(database.db, {
      outboxId: outboxRow.id.toString(),
      topic: 'match.changed',
      payload: outboxRow.payload as { matchId: string },
    });
    const ids = await fanOutNotifications(database.db, plans);
    const [queued] = await rowsFor(resident);
    expect(queued).toMatchObject({ channel: 'phone_call', status: 'queued' });
    expect(ids).toContain(queued!.id);

    await database.db
      .update(users)
      .set({ displayName: '削除済み', anonymisedAt: new Date() })
      .where(eq(users.id, resident));
    await queues.notifications.add('notification.send', { notificationId: queued!.id });
    await waitFor(drained);
    expect(await rowsFor(resident)).toEqual([
      expect.objectContaining({
        channel: 'phone_call',
        status: 'skipped',
        lastError: 'anonymised',
      }),
    ]);
  });

  it("passes the resident's thanks to the volunteer, message and all", async () => {
    const resident = await createPerson(database.db, { name: '利用 十一' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { requestId, matchId } = await makeOffer(
      database.db,
      districtIds,
      resident,
      volunteer,
      coordinator,
    );
    await acceptOffer(database.db, matchId, volunteer);
    await completeMatch(database.db, {
      now: AFTER_THE_WINDOW,
      matchId,
      volunteerId: volunteer,
      minutesSpent: 45,
      concern: false,
    });
    // What the API's sendThanks writes (services/api/test covers that it does).
    await database.db.transaction(async (tx) => {
      await tx.insert(thanks).values({
        matchId,
        requestId,
        fromUserId: resident,
        toUserId: volunteer,
        message: '玄関まで きれいに して くれて、ありがとう。',
      });
      await enqueueOutbox(tx, { topic: 'thanks.sent', payload: { matchId, requestId } });
    });
    await relayAndDrain();

    const thanked = mailsTo(await emailOf(volunteer)).find((m) => m.subject.includes('ありがとう'));
    expect(thanked!.text).toContain('玄関まで きれいに して くれて、ありがとう。');
  });

  it("warns the district's coordinators at once of a concern, without the note", async () => {
    const second = await makeCoordinator(database.db, chuo, {
      email: 'second@example.test',
      locale: 'en',
    });
    const resident = await createPerson(database.db, { name: '利用 十二' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await acceptOffer(database.db, matchId, volunteer);
    await completeMatch(database.db, {
      now: AFTER_THE_WINDOW,
      matchId,
      volunteerId: volunteer,
      minutesSpent: 30,
      concern: true,
      wellbeingNote: '足を 痛めている ようでした',
    });
    await relayAndDrain();

    const [ja] = mailsTo('coordinator@example.test').filter((m) => m.subject.includes('見守り'));
    const [en] = mailsTo('second@example.test');
    expect(ja!.subject).toBe('【至急】見守りの 連絡: 中央');
    expect(en!.subject).toBe('URGENT: wellbeing concern in Chuo');
    for (const message of [ja!, en!]) {
      expect(message.text).toContain(`${BASE_URL}/coordinator/inbox`);
      expect(message.text).not.toContain('足を');
    }
    const rows = await database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.eventType, 'concern.raised'),
          inArray(notifications.userId, [coordinator, second]),
        ),
      );
    expect(rows).toHaveLength(2);
  });

  it('tells the coordinators when a request lands in their inbox', async () => {
    const resident = await createPerson(database.db, { name: '利用 十三' });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { requestId, matchId } = await makeOffer(
      database.db,
      districtIds,
      resident,
      volunteer,
      coordinator,
    );
    await declineOffer(database.db, matchId, volunteer);
    await markUnmatchedMany(database.db, [requestId], 'no_candidates');
    await relayAndDrain();

    const rows = await database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.eventType, 'request.unmatched'),
          eq(notifications.requestId, requestId),
        ),
      );
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    expect(
      mailsTo('coordinator@example.test').filter((m) =>
        m.subject.startsWith('受付箱に 依頼が 届きました'),
      ),
    ).not.toHaveLength(0);
  });
});

describe("a resident's proxy contact", () => {
  it('gets the notice instead of a phoned-in resident, saying whose notice it is', async () => {
    const resident = await createPerson(database.db, { name: '代理 十子', email: null });
    await database.db.insert(notificationPreferences).values({
      userId: resident,
      channelOrder: ['phone_call'],
      proxyName: '代理 一郎',
      proxyRelationship: 'family',
      proxyEmail: 'proxy-instead@example.test',
      proxyInstead: true,
    });
    const volunteer = await makeVolunteer(database.db, districtIds, { name: '北野 ハナ' });
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await acceptOffer(database.db, matchId, volunteer);
    await relayAndDrain();

    const [received, ...more] = mailsTo('proxy-instead@example.test');
    expect(more).toEqual([]);
    expect(received!.subject).toBe('代理 十子さんへの お知らせ: てつだう 人が 決まりました');
    expect(received!.text).toMatch(/^代理 十子さんへの お知らせです。\n/);
    expect(received!.text).toContain('北野さんが 雪かきに 行きます。');
    expect(received!.text).not.toContain(FIXTURE_ADDRESS);
    expect(await rowsFor(resident)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent' }),
    ]);
  });

  it('gets a copy as well as the resident, who gets their own words', async () => {
    const resident = await createPerson(database.db, {
      name: '代理 十一子',
      email: 'resident-also@example.test',
    });
    await database.db.insert(notificationPreferences).values({
      userId: resident,
      proxyName: '民生 委員',
      proxyRelationship: 'minsei_iin',
      proxyEmail: 'proxy-also@example.test',
      proxyInstead: false,
    });
    const volunteer = await makeVolunteer(database.db, districtIds);
    const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await declineOffer(database.db, matchId, volunteer);
    await relayAndDrain();

    const [own] = mailsTo('resident-also@example.test');
    expect(own!.subject).toBe('てつだう 人を もう一度 さがして います');
    expect(own!.text).not.toContain('さんへの お知らせ');
    expect(own!.envelopeTo).not.toContain('proxy-also@example.test');
    await vi.waitFor(() => expect(mailsTo('proxy-also@example.test')).toHaveLength(1));
    const [copy] = mailsTo('proxy-also@example.test');
    expect(copy!.subject).toBe(
      '代理 十一子さんへの お知らせ: てつだう 人を もう一度 さがして います',
    );
    expect(copy!.text).toMatch(/^代理 十一子さんへの お知らせです。\n/);
    expect(await rowsFor(resident)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent' }),
    ]);
  });

  it("is not sent a volunteer's notices (a volunteer has no proxy)", async () => {
    const resident = await createPerson(database.db, { name: '利用 十二子' });
    const volunteer = await makeVolunteer(database.db, districtIds, {
      email: 'volunteer-own@example.test',
    });
    await database.db.insert(notificationPreferences).values({
      userId: volunteer,
      proxyName: '家族',
      proxyRelationship: 'family',
      proxyEmail: 'volunteer-proxy@example.test',
      proxyInstead: true,
    });
    await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
    await relayAndDrain();
    expect(mailsTo('volunteer-own@example.test')).toHaveLength(1);
    expect(mailsTo('volunteer-proxy@example.test')).toEqual([]);
  });
});

describe('account mail', () => {
  it('sends a password-reset link issued at send time, by e-mail only, and logs no link', async () => {
    const person = await createPerson(database.db, { name: '忘れ 太郎' });
    const withoutMail = await createPerson(database.db, { name: 'メール なし', email: null });
    for (const userId of [person, withoutMail]) {
      await enqueueOutbox(database.db, {
        topic: 'notification.requested',
        payload: {
          userId,
          kind: 'password_reset',
        },
      });
    }
    await relayAndDrain();

    const [received] = mailsTo(await emailOf(person));
    expect(received!.subject).toBe('パスワードの 再設定');
    const link = /https:\/\/sasaeai\.example\.jp\/password-reset\/(\S+)/.exec(received!.text);
    expect(link).not.toBeNull();
    const tokens = await database.db
      .select()
      .from(actionTokens)
      .where(eq(actionTokens.userId, person));
    expect(tokens).toEqual([expect.objectContaining({ purpose: 'password.reset', usedAt: null })]);
    expect(link![1]!.startsWith(tokens[0]!.id)).toBe(true);
    // Nobody phones a password-reset link.
    expect(await rowsFor(withoutMail)).toEqual([]);
    expect(captured.lines.join('\n')).not.toContain(link![1]!);
  });
});

describe('personal data', () => {
  it('stays out of job payloads, logs and stored errors', async () => {
    const jobs = await queues.notifications.getJobs(['completed', 'failed', 'wait', 'delayed']);
    expect(jobs.length).toBeGreaterThan(10);
    const people = await database.db
      .select({ name: users.displayName, email: users.email })
      .from(users);
    const secrets = [
      FIXTURE_ADDRESS,
      '足を',
      '玄関まで',
      ...people.flatMap((person) => [person.name, person.email ?? '']).filter(Boolean),
    ];
    const payloads = JSON.stringify(jobs.map((job) => job.data));
    const logs = captured.lines.join('\n');
    const errors = JSON.stringify(
      await database.db.select({ e: notifications.lastError }).from(notifications),
    );
    expect(captured.lines.some((line) => line.includes('notification sent'))).toBe(true);
    for (const secret of secrets) {
      expect(payloads).not.toContain(secret);
      expect(logs).not.toContain(secret);
      expect(errors).not.toContain(secret);
    }
  });
});
