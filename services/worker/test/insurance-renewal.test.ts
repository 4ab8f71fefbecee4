import { loadMessageFacts, type NotificationRow } from '@sasaeai/db/notifications';
import { notifications, volunteerProfiles } from '@sasaeai/db/schema';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanScheduledNotifications } from '../src/handlers/notification-scan.ts';
import { renderMessage } from '../src/notifications/templates.ts';
import { sendPriorityOf } from '../src/notifications/send-notification.ts';
import { closeQueues, createQueues, type WorkerQueues } from '../src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../src/redis.ts';
import { makeVolunteer } from './notification-fixtures.ts';
import {
  createVolunteers,
  obliterateQueues,
  seedDistrictIds,
  silentLogger,
  TEST_REDIS_URL,
} from './support.ts';

const settings = {
  offerExpiringMinutes: 120,
  reminderHourJst: 18,
  digestMinutes: 30,
  callDeadlineMinutes: 60,
  insuranceRenewalDays: 30,
};
/** Noon in Japan on a date. */
const jstNoon = (date: string) => new Date(`${date}T12:00:00+09:00`);

let database: TestDatabase;
let districtIds: Map<string, string>;
let producer: Redis;
let queues: WorkerQueues;

beforeAll(async () => {
  database = await createTestDatabase('insrenew');
  districtIds = await seedDistrictIds(database.db);
  producer = createRedisConnection({ url: TEST_REDIS_URL, role: 'producer', logger: silentLogger });
  queues = createQueues({
    connection: producer,
    prefix: uniqueRedisPrefix('insrenew'),
    logger: silentLogger,
  });
});
afterAll(async () => {
  await obliterateQueues(queues);
  await closeQueues(queues);
  await closeRedisConnection(producer);
  await database.drop();
});

async function remindersOf(userId: string) {
  return database.db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.userId, userId), eq(notifications.eventType, 'insurance.renewal_due')),
    );
}

async function volunteerWith(insuranceExpiresOn: string | null, locale: 'ja' | 'en' = 'ja') {
  const id = await makeVolunteer(database.db, districtIds, { locale });
  await database.db
    .update(volunteerProfiles)
    .set({ insuranceExpiresOn })
    .where(eq(volunteerProfiles.userId, id));
  return id;
}

describe('insurance renewal reminders (notifications.scan)', () => {
  it('reminds once per fiscal year: cover ending soon, or none before the season', async () => {
    const ending = await volunteerWith('2027-03-31');
    const later = await volunteerWith('2028-03-31');
    const none = await volunteerWith(null, 'en');
    const [suspended] = await createVolunteers(database.db, districtIds, [
      { districts: ['chuo'], verification: 'suspended', insuranceExpiresOn: null },
    ]);

    // September: nobody's cover ends within 30 days and the season is more than 30 days off.
    await scanScheduledNotifications(
      { db: database.db, queue: queues.notifications, settings },
      jstNoon('2026-09-15'),
    );
    for (const id of [ending, later, none]) expect(await remindersOf(id)).toHaveLength(0);

    // 1 November: 30 days before the season (1 December) — those without cover.
    await scanScheduledNotifications(
      { db: database.db, queue: queues.notifications, settings },
      jstNoon('2026-11-01'),
    );
    expect(await remindersOf(none)).toHaveLength(1);
    expect(await remindersOf(ending)).toHaveLength(0);

    // 10 March, twice: cover ending on 31 March is due; nothing is written twice.
    for (let run = 0; run < 2; run += 1) {
      await scanScheduledNotifications(
        { db: database.db, queue: queues.notifications, settings },
        jstNoon('2027-03-10'),
      );
    }
    const [reminder, ...more] = await remindersOf(ending);
    expect(more).toHaveLength(0);
    expect(reminder!.eventKey).toBe(`insurance.renewal_due:${ending}:2027`);
    expect(await remindersOf(none)).toHaveLength(1);
    expect(await remindersOf(later)).toHaveLength(0);
    expect(await remindersOf(suspended!)).toHaveLength(0);
    expect(sendPriorityOf('insurance.renewal_due')).toBeDefined();

    // Rendered at send time, in plain Japanese, naming the centre's phone; no personal data.
    const facts = await loadMessageFacts(database.db, reminder as NotificationRow);
    const ja = renderMessage('insurance.renewal_due', 'ja', facts, {
      baseUrl: 'https://x.example',
    });
    expect(ja.text).toContain('2027-03-31で 終わります');
    expect(ja.text).toContain('0166-00-1001');
    const [noneRow] = await remindersOf(none);
    const en = renderMessage(
      'insurance.renewal_due',
      'en',
      await loadMessageFacts(database.db, noneRow as NotificationRow),
      { baseUrl: 'https://x.example' },
    );
    expect(en.subject).toBe('Please renew your volunteer insurance');
    expect(en.text).toContain('no volunteer insurance');
    expect(en.text).toContain("The centre's phone: 0166-00-1001");
  });
});
