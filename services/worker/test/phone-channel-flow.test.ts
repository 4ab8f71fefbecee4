import { startMailServer, type MailServer } from '@sasaeai/dev-mail';
import { startProviderServer, type ProviderServer } from '@sasaeai/dev-providers';
import { fanOutNotifications, planNotifications } from '@sasaeai/db/notifications';
import { notificationPreferences, notifications } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationChannels } from '../src/notifications/channels.ts';
import {
  sendNotification,
  type NotificationSettings,
} from '../src/notifications/send-notification.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import {
  capturingLogger,
  createPerson,
  FIXTURE_ADDRESS,
  latestOutbox,
  makeCoordinator,
  makeOffer,
  makeVolunteer,
} from './notification-fixtures.ts';
import { obliterateQueues, seedDistrictIds, TEST_REDIS_URL } from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;
let providers: ProviderServer;
let mail: MailServer;
let producer: Redis;
let queues: WorkerQueues;
let settings: NotificationSettings;
let coordinator: string;
let serial = 0;

beforeAll(async () => {
  database = await createTestDatabase('phoneflow');
  districtIds = await seedDistrictIds(database.db);
  providers = await startProviderServer();
  mail = await startMailServer();
  const { logger } = capturingLogger();
  producer = createRedisConnection({ url: TEST_REDIS_URL, role: 'producer', logger });
  queues = createQueues({ connection: producer, prefix: uniqueRedisPrefix('phoneflow'), logger });
  settings = {
    channels: createNotificationChannels({
      smtpUrl: mail.url,
      mailFrom: 'no-reply@sasaeai.example.jp',
      sms: {
        apiUrl: providers.url,
        accountSid: providers.credentials.twilioAccountSid,
        authToken: providers.credentials.twilioAuthToken,
        from: '+815012340000',
      },
      line: {
        apiUrl: providers.url,
        channelAccessToken: providers.credentials.lineChannelAccessToken,
      },
    }),
    links: { baseUrl: 'https://sasaeai.example.jp' },
    maxAttempts: 2,
    retryBaseMs: 10,
    claimLeaseMs: 10_000,
    maxEventAgeMs: 24 * 3_600_000,
  };
  coordinator = await makeCoordinator(database.db, districtIds.get('chuo')!);
});

afterAll(async () => {
  settings.channels.email?.close?.();
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(producer);
  await providers.close();
  await mail.close();
  await database.drop();
});

/** A volunteer who wants SMS first, then e-mail; an offer to them, fanned out. */
async function offerBySms(prefs: { quietStartHour?: number; quietEndHour?: number } = {}) {
  serial += 1;
  const phone = `+8180${String(20_000_000 + serial)}`;
  const resident = await createPerson(database.db, { name: '利用 花子' });
  const volunteer = await makeVolunteer(database.db, districtIds);
  await database.db.insert(notificationPreferences).values({
    userId: volunteer,
    channelOrder: ['sms', 'email'],
    smsPhone: phone,
    quietStartHour: prefs.quietStartHour ?? null,
    quietEndHour: prefs.quietEndHour ?? null,
  });
  const { matchId } = await makeOffer(database.db, districtIds, resident, volunteer, coordinator);
  const event = await latestOutbox(database.db, 'match.changed');
  const plans = await planNotifications(database.db, {
    outboxId: event.id.toString(),
    topic: 'match.changed',
    payload: event.payload as { matchId: string },
  });
  const [id] = await fanOutNotifications(database.db, plans);
  return { volunteer, phone, matchId, id: id! };
}

const rowsOf = (userId: string) =>
  database.db.select().from(notifications).where(eq(notifications.userId, userId));

describe('an offer by SMS, as the volunteer chose', () => {
  it('goes by SMS first, with how to answer by reply and no address', async () => {
    const { volunteer, phone, id } = await offerBySms();
    expect(
      await sendNotification({ db: database.db, queue: queues.notifications, settings }, id),
    ).toBe('sent');
    const [row] = await rowsOf(volunteer);
    expect(row).toMatchObject({
      channel: 'sms',
      status: 'sent',
      providerMessageId: expect.stringMatching(/^SM/),
    });
    const text = providers.messages.filter((m) => m.to === phone).at(-1)!.text;
    expect(text).toContain('お手伝いの依頼');
    expect(text).toContain('「1」');
    expect(text).not.toContain(FIXTURE_ADDRESS);
  });

  it('a 400 from the provider falls back to e-mail at once, the reason on the row', async () => {
    const { volunteer, id } = await offerBySms();
    providers.failNext('sms', { kind: 'status', status: 400, code: 21610 });
    const deps = { db: database.db, queue: queues.notifications, settings };
    expect(await sendNotification(deps, id)).toBe('bounced');
    const rows = await rowsOf(volunteer);
    expect(rows.find((r) => r.channel === 'sms')).toMatchObject({
      status: 'bounced',
      lastError: 'sms 400 21610',
    });
    const email = rows.find((r) => r.channel === 'email')!;
    expect(email.status).toBe('queued');
    expect(await sendNotification(deps, email.id)).toBe('sent');
  });

  it('a 5xx is retried with the reason recorded; a 429 waits at least its Retry-After', async () => {
    const { volunteer, id } = await offerBySms();
    const deps = { db: database.db, queue: queues.notifications, settings };
    providers.failNext('sms', { kind: 'status', status: 503 });
    expect(await sendNotification(deps, id)).toBe('retry');
    const [retrying] = await rowsOf(volunteer);
    expect(retrying).toMatchObject({ status: 'queued', lastError: 'sms 503 20500', attempts: 1 });

    const other = await offerBySms();
    providers.failNext('sms', { kind: 'rate_limit', retryAfterSeconds: 120 });
    const before = Date.now();
    expect(await sendNotification(deps, other.id)).toBe('retry');
    const [limited] = await rowsOf(other.volunteer);
    expect(limited!.lastError).toBe('sms 429 20429');
    expect(limited!.nextAttemptAt.getTime()).toBeGreaterThan(before + 100_000);
  });

  it('inside quiet hours the row waits until they end (delayed, not dropped)', async () => {
    const hour = (new Date().getUTCHours() + 9) % 24;
    // Quiet hours from this hour for three hours: the row is due when they end.
    const { volunteer, id } = await offerBySms({
      quietStartHour: hour,
      quietEndHour: (hour + 3) % 24,
    });
    const [row] = await rowsOf(volunteer);
    expect(row!.status).toBe('queued');
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 2 * 3_600_000 - 60_000);
    const deps = { db: database.db, queue: queues.notifications, settings };
    expect(await sendNotification(deps, id)).toBe('not_due');
  });
});
