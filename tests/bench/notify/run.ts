/**
 * The notification send path alone: N offers already standing, their `match.offered` events
 * relayed, and the worker's real notifications processor (BullMQ, production concurrency)
 * sending them over SMTP to the real server in a process of its own. Reports mails per second
 * and this process's CPU per mail, so a change to the send path is measured, not guessed
 * (the snowstorm bench measures the same path under the whole storm).
 *
 *   pnpm bench:notify [--offers 2000] [--concurrency 5]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import {
  createTestDatabase,
  dropDatabase,
  prepareTemplateDatabase,
  uniqueRedisPrefix,
} from '@sasaeai/db/testing';
import { notifications, outbox, users } from '@sasaeai/db/schema';
import { Worker } from 'bullmq';
import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { createLogger } from '../../../services/worker/src/logger.ts';
import { createNotificationChannels } from '../../../services/worker/src/notifications/channels.ts';
import { processNotificationJob } from '../../../services/worker/src/handlers/notifications.ts';
import { NOTIFICATION_EVENTS_JOB } from '../../../services/worker/src/notifications/event-batch.ts';
import { defaultNotificationSettings } from '../../../services/worker/src/notifications/send-notification.ts';
import { processorFactories } from '../../../services/worker/src/processors.ts';
import { closeQueues, createQueues } from '../../../services/worker/src/queues.ts';
import { closeRedisConnection, createRedisConnection } from '../../../services/worker/src/redis.ts';
import {
  createPerson,
  makeCoordinator,
} from '../../../services/worker/test/notification-fixtures.ts';
import {
  createRequests,
  createVolunteers,
  seedDistrictIds,
  windowFromNow,
} from '../../../services/worker/test/support.ts';
import { machineFacts, RESULTS_DIR, writeBenchResult } from '../results.ts';
import { startSmtpRecorder } from '../snowstorm/smtp-recorder.ts';
import { round } from '../snowstorm/stats.ts';

const { values } = parseArgs({
  options: {
    offers: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '5' },
    batch: { type: 'string' },
    // Writes a V8 CPU profile of the send phase alone (read it with snowstorm/profile.ts).
    profile: { type: 'boolean', default: false },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const offers = Number(values.offers);
const concurrency = Number(values.concurrency);
/** Events per relay pass: the worker's default `RELAY_BATCH_SIZE`. */
const RELAY_PASS = 100;
const log = (line: string) => console.log(`[bench:notify] ${line}`);
const breakdown = { total: 1, terms: [{ term: 'distance' as const, points: 1, detail: '' }] };

async function main() {
  const template = `sasaeai_notifybench_template_${process.pid}`;
  process.env.SASAEAI_TEST_TEMPLATE = template;
  await prepareTemplateDatabase(template);
  const database = await createTestDatabase('notifybench');
  const { db } = database;
  const districtIds = await seedDistrictIds(db);
  const coordinator = await makeCoordinator(db, districtIds.get('chuo')!);
  log(`making ${offers} offers`);
  const volunteers = await createVolunteers(
    db,
    districtIds,
    Array.from({ length: offers }, () => ({ districts: ['chuo'], maxTasksPerWeek: 7 })),
  );
  await db
    .update(users)
    .set({ email: sql`'volunteer-' || ${users.id} || '@example.test'` })
    .where(inArray(users.id, volunteers));
  const resident = await createPerson(db, { name: '住民 花子' });
  const requestIds = await createRequests(
    db,
    districtIds,
    Array.from({ length: offers }, (_, i) => ({
      district: 'chuo',
      residentId: resident,
      ...windowFromNow(30 + (i % 20)),
    })),
    { outbox: false },
  );
  for (let i = 0; i < offers; i += 1) {
    const { matchId } = await proposeMatch(db, {
      requestId: requestIds[i]!,
      volunteerId: volunteers[i]!,
      score: 1,
      breakdown,
    });
    await approveMatch(db, matchId!, coordinator);
    if ((i + 1) % 500 === 0) log(`${i + 1} offers`);
  }

  const logger = createLogger('silent');
  const prefix = uniqueRedisPrefix('notifybench');
  const producer = createRedisConnection({ url: values.redis!, role: 'producer', logger });
  const consumer = createRedisConnection({ url: values.redis!, role: 'worker', logger });
  const queues = createQueues({ connection: producer, prefix, logger });
  const smtp = await startSmtpRecorder();
  const settings = {
    ...defaultNotificationSettings,
    channels: createNotificationChannels({
      smtpUrl: smtp.url,
      mailFrom: 'ささえあい <no-reply@sasaeai.example.jp>',
    }),
    links: { baseUrl: 'https://sasaeai.example.jp' },
    ...(values.batch ? { sendBatchSize: Number(values.batch) } : {}),
  };
  const processor = processorFactories.notifications!({
    db,
    notificationsQueue: queues.notifications,
    notifications: settings,
    logger,
  })!;

  // Fan-out (who must hear what) timed on its own, then the sends: one job per row, as the
  // fan-out queues them.
  log('fanning out the offers');
  const events = await db.select().from(outbox).where(isNull(outbox.dispatchedAt));
  const fanOutStarted = performance.now();
  const cpuBeforeFanOut = process.cpuUsage();
  // As the relay hands them over: a pass's events (RELAY_BATCH_SIZE, 100) as one fan-out job,
  // run by the worker's own handler, which writes the rows and queues their send jobs. A
  // proposal's event, read after its approval, plans the same offer row again.
  for (let start = 0; start < events.length; start += RELAY_PASS) {
    const chunk = events.slice(start, start + RELAY_PASS).map((event) => ({
      outboxId: String(event.id),
      topic: event.topic,
      payload: event.payload,
    }));
    await processNotificationJob(
      { db, queue: queues.notifications, settings },
      {
        id: `bench-${start}`,
        name: NOTIFICATION_EVENTS_JOB,
        queueName: 'notifications',
        data: { events: chunk },
      },
    );
  }
  const rowIds = new Set(
    (
      await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(eq(notifications.eventType, 'match.offered'))
    ).map((row) => row.id),
  );
  const fanOutSeconds = (performance.now() - fanOutStarted) / 1000;
  const fanOutCpu = process.cpuUsage(cpuBeforeFanOut);
  const rows = [...rowIds];
  log(`${events.length} events made ${rows.length} rows; sending with concurrency ${concurrency}`);
  const profiler = values.profile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = new Worker('notifications', processor, {
    connection: consumer,
    prefix,
    concurrency,
  });
  const sentOffers = async () => {
    const [row] = await db
      .select({ n: count() })
      .from(notifications)
      .where(
        and(
          eq(notifications.eventType, 'match.offered'),
          eq(notifications.channel, 'email'),
          eq(notifications.status, 'sent'),
        ),
      );
    return row?.n ?? 0;
  };
  for (;;) {
    const sent = await sentOffers();
    if (sent >= offers) break;
    if (performance.now() - started > 600_000) throw new Error(`only ${sent} of ${offers} sent`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    mkdirSync(`${RESULTS_DIR}/profiles`, { recursive: true });
    const file = `${RESULTS_DIR}/profiles/notify-send-${Date.now()}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    log(`profile ${file}`);
  }
  const receipts = await smtp.receipts();
  const report = {
    bench: 'notify-send',
    at: new Date().toISOString(),
    machine: machineFacts(),
    plan: { offers, concurrency, sendBatchSize: settings.sendBatchSize },
    fanOut: {
      events: events.length,
      rows: rows.length,
      seconds: round(fanOutSeconds, 2),
      cpuMsPerEvent: round((fanOutCpu.user + fanOutCpu.system) / 1000 / events.length, 2),
    },
    seconds: round(seconds, 2),
    mailsAccepted: receipts.length,
    mailsPerSecond: round(offers / seconds, 1),
    workerCpuMsPerMail: round((cpu.user + cpu.system) / 1000 / offers, 2),
  };
  console.table({
    'events fanned out → rows': `${events.length} → ${rows.length}`,
    'fan-out CPU ms per event': report.fanOut.cpuMsPerEvent,
    'offers sent': offers,
    'mails accepted by SMTP': receipts.length,
    seconds: report.seconds,
    'mails /s': report.mailsPerSecond,
    'worker CPU ms per mail': report.workerCpuMsPerMail,
  });
  log(`written ${writeBenchResult('notify-send', report)}`);
  await worker.close();
  settings.channels.email?.close?.();
  await Promise.all(Object.values(queues).map((queue) => queue.obliterate({ force: true })));
  await closeQueues(queues);
  await closeRedisConnection(producer);
  await closeRedisConnection(consumer);
  await smtp.close();
  await database.drop();
  await dropDatabase(template);
}

await main();
