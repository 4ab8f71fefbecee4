import { issueOfferActionLinksMany, issuePasswordResetLink } from '@sasaeai/db/action-links';
import { matches } from '@sasaeai/db/schema';
import { inArray } from 'drizzle-orm';
import type { NotificationEventType } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import {
  claimNotificationBatch,
  dueTimes,
  loadReach,
  endNotificationAndFallBack,
  loadMessageFactsFor,
  recipientsOn,
  scheduleNotificationRetry,
  type DueNotification,
  type MessageFacts,
  type NotificationRow,
  type PersonReach,
  type Recipient,
} from '@sasaeai/db/notifications';
import type { Logger } from '../logger.ts';
import type { WorkerQueue } from '../queues.ts';
import type { Channel, Channels } from './channel.ts';
import { chatTextOf } from './chat-text.ts';
import { createSentMarker } from './sent-marker.ts';
import type { TakenRows } from './taken-rows.ts';
import { renderMessage, type MessageLinks } from './templates.ts';

/** "Send this notification row" (and, from a fan-out, a few more): ids only. */
export const SEND_NOTIFICATION_JOB = 'notification.send';
export const MAX_ROWS_PER_SEND_JOB = 100;

export interface NotificationSettings {
  channels: Channels;
  links: MessageLinks;
  /** Attempts on one channel before falling back to the next. */
  maxAttempts: number;
  /** First pause before a retry; each further one doubles. */
  retryBaseMs: number;
  /** How long a claimed row is left alone before the reconciler may try it again. */
  claimLeaseMs: number;
  /**
   * An event relayed longer ago than this is not announced: by then it is old news (and the
   * queue's backlog from before there was a consumer must not reach anyone).
   */
  maxEventAgeMs: number;
  /**
   * Rows one send job takes: its own and other due ones (see `claimNotificationBatch`). 1 sends
   * only the job's row; a storm's offers go out far faster in batches (`pnpm bench:notify`).
   */
  sendBatchSize?: number;
}

export const defaultNotificationSettings: Omit<NotificationSettings, 'channels' | 'links'> = {
  maxAttempts: 4,
  retryBaseMs: 30_000,
  claimLeaseMs: 2 * 60_000,
  maxEventAgeMs: 24 * 3_600_000,
  sendBatchSize: 20,
};

export interface SendNotificationDependencies {
  db: Database;
  /** Where retries and fallbacks are queued (the producer's `notifications` queue). */
  queue: WorkerQueue;
  settings: NotificationSettings;
  logger?: Logger | undefined;
  /** Rows this process already took (see taken-rows.ts); without it every job asks the database. */
  taken?: TakenRows | undefined;
}

/** Allowance for a worker clock ahead of the database's. */
const CLOCK_MARGIN_MS = 250;

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'bounced' | 'skipped' | 'not_due';

/**
 * Offers and urgent notices go to the front of the queue: in a storm thousands of "a request
 * went to your inbox" notices to coordinators must not make a volunteer's offer wait. BullMQ
 * takes jobs without a priority before any prioritized job, so only what can wait gets one.
 */
const CAN_WAIT: ReadonlySet<NotificationEventType> = new Set([
  'request.unmatched',
  'proposals.waiting',
  'thanks.received',
  'task.reminder',
  'match.declined',
  'insurance.renewal_due',
]);
export const LATER_PRIORITY = 10;

export function sendPriorityOf(eventType: NotificationEventType): number | undefined {
  return CAN_WAIT.has(eventType) ? LATER_PRIORITY : undefined;
}

export interface NotificationSend {
  id: string;
  eventType: NotificationEventType;
}

/**
 * Queues send jobs for these rows: one job per row, or — `perJob` > 1, as a fan-out queues a
 * storm's offers — one job for up to `perJob` rows of the same priority, which claims them
 * together (`claimNotificationBatch`), so a batch of mails costs one BullMQ job, not twenty.
 */
export async function enqueueNotificationSends(
  queue: WorkerQueue,
  sends: readonly NotificationSend[],
  delayMs = 0,
  perJob = 1,
): Promise<void> {
  if (sends.length === 0) return;
  const byPriority = new Map<number | undefined, string[]>();
  for (const { id, eventType } of sends) {
    const priority = sendPriorityOf(eventType);
    byPriority.set(priority, [...(byPriority.get(priority) ?? []), id]);
  }
  const jobs = [...byPriority].flatMap(([priority, ids]) =>
    chunks(ids, Math.max(1, Math.min(perJob, MAX_ROWS_PER_SEND_JOB))).map(([first, ...also]) => ({
      name: SEND_NOTIFICATION_JOB,
      data: { notificationId: first!, ...(also.length > 0 ? { alsoIds: also } : {}) },
      opts: {
        ...(delayMs > 0 ? { delay: delayMs } : {}),
        ...(priority === undefined ? {} : { priority }),
      },
    })),
  );
  await queue.addBulk(jobs);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}

/**
 * Queues a send job for each row: now if it is due, or delayed until its quiet hours end (with
 * a small margin, so a worker clock slightly ahead of the database's does not find it not yet
 * due and leave it to the reconciler).
 */
export async function enqueueDueSends(
  db: Database,
  queue: WorkerQueue,
  ids: readonly string[],
): Promise<void> {
  await enqueueDueRows(queue, await dueTimes(db, ids));
}

/** `enqueueDueSends` for rows whose due times the caller already has (a fan-out's insert). */
export async function enqueueDueRows(
  queue: WorkerQueue,
  due: readonly DueNotification[],
  perJob = 1,
): Promise<void> {
  const now = Date.now();
  const later = due.filter((row) => row.dueAt.getTime() > now + 1_000);
  await enqueueNotificationSends(
    queue,
    due.filter((row) => !later.includes(row)),
    0,
    perJob,
  );
  for (const row of later) {
    await enqueueNotificationSends(queue, [row], row.dueAt.getTime() - now + CLOCK_MARGIN_MS);
  }
}

/**
 * One attempt at the job's rows, and at other due rows in the same batch: claim them (nothing
 * happens to a row already sent, ended, or taken by another worker), render their words from
 * the database, hand them to their channels, and record each outcome — sent; queued again
 * after a pause; or ended and passed to the next channel. Answers the outcome of the job's
 * first row not already taken by this process.
 */
export async function sendNotification(
  deps: SendNotificationDependencies,
  notificationIds: string | readonly string[],
): Promise<SendOutcome> {
  const { db, settings } = deps;
  const own = (typeof notificationIds === 'string' ? [notificationIds] : notificationIds).filter(
    (id) => !deps.taken?.has(id),
  );
  if (own.length === 0) return 'not_due';
  const { first, others } = await claimNotificationBatch(db, own, {
    leaseMs: settings.claimLeaseMs,
    limit: settings.sendBatchSize ?? 1,
    laterEventTypes: [...CAN_WAIT],
  });
  const rows = first ? [first, ...others] : others;
  if (rows.length === 0) return 'not_due';
  for (const row of rows) deps.taken?.set(row.id, true);
  const outcomes = await sendClaimed(deps, rows);
  return first ? (outcomes.get(first.id) ?? 'not_due') : 'not_due';
}

interface Attempt {
  row: NotificationRow;
  channel: Channel;
  result: Awaited<ReturnType<Channel['send']>>;
  copies: Parameters<Channel['send']>[0][];
}

async function sendClaimed(
  deps: SendNotificationDependencies,
  rows: readonly NotificationRow[],
): Promise<Map<string, SendOutcome>> {
  const { db, settings } = deps;
  const outcomes = new Map<string, SendOutcome>();
  const people = new Map(
    (await loadReach(db, [...new Set(rows.map((row) => row.userId))])).map((p) => [p.id, p]),
  );
  const ready: { row: NotificationRow; person: PersonReach; channel: Channel }[] = [];
  for (const row of rows) {
    const person = people.get(row.userId);
    const channel = settings.channels[row.channel];
    // Anonymised since the row was written: nothing goes out, not even a coordinator's call.
    if (!person) outcomes.set(row.id, await fallBack(deps, row, 'skipped', 'anonymised'));
    else if (!channel) outcomes.set(row.id, await fallBack(deps, row, 'skipped', 'channel off'));
    else ready.push({ row, person, channel });
  }
  const facts = await loadMessageFactsFor(
    db,
    ready.map(({ row }) => row),
  );
  const links = await linksFor(
    db,
    ready.map(({ row }) => row),
    settings,
  );
  const marker = createSentMarker(db);
  const attempts = await Promise.all(
    ready.map(async ({ row, person, channel }) => {
      const attempt = await attemptOne(
        row,
        person,
        channel,
        facts.get(row.id)!,
        links.get(row.id) ?? settings.links,
      );
      if (attempt.result.outcome === 'sent') marker.add(row.id, attempt.result.providerMessageId);
      return attempt;
    }),
  );
  await marker.done();
  for (const attempt of attempts) {
    outcomes.set(attempt.row.id, await settle(deps, attempt));
  }
  return outcomes;
}

/** Renders the row's message for its first recipient and hands it to the channel. */
async function attemptOne(
  row: NotificationRow,
  person: PersonReach,
  channel: Channel,
  facts: MessageFacts,
  links: MessageLinks,
): Promise<Attempt> {
  // The first recipient's answer decides the row; a proxy told "as well" gets a copy after.
  const [first, ...copies] = recipientsOn(person, row.channel, row.eventType);
  const messageTo = (recipient: Recipient | undefined) => {
    const message = renderMessage(
      row.eventType,
      row.language,
      facts,
      links,
      recipient?.forProxy ? person.name : undefined,
    );
    return {
      ...message,
      chatText: chatTextOf(row.eventType, row.language, message),
      notificationId: row.id,
      to: recipient?.to ?? null,
    };
  };
  const result = await channel.send(messageTo(first));
  return { row, channel, result, copies: result.outcome === 'sent' ? copies.map(messageTo) : [] };
}

/** What follows one attempt (a sent row is already marked): copies, a retry or a fallback. */
async function settle(deps: SendNotificationDependencies, attempt: Attempt): Promise<SendOutcome> {
  const { row, channel, result } = attempt;
  const { settings } = deps;
  if (result.outcome === 'sent') {
    log(deps, row, 'sent');
    await sendCopies(deps, row, channel, attempt.copies);
    return 'sent';
  }
  if (result.outcome === 'permanent') return fallBack(deps, row, 'bounced', result.reason);
  if (row.attempts >= settings.maxAttempts) return fallBack(deps, row, 'failed', result.reason);

  const pauseMs = Math.max(
    settings.retryBaseMs * 2 ** (row.attempts - 1),
    result.retryAfterMs ?? 0,
  );
  await scheduleNotificationRetry(deps.db, row.id, result.reason, pauseMs);
  deps.taken?.delete(row.id);
  // The row is due by the database's clock; the job waits a little longer, so a worker clock
  // slightly ahead does not find it not yet due (which would leave it to the reconciler).
  await enqueueNotificationSends(deps.queue, [row], pauseMs + CLOCK_MARGIN_MS);
  log(deps, row, 'retry', result.reason);
  return 'retry';
}

/**
 * Links issued when the message is rendered, so no secret waits in the database or a queue
 * and a retry sends fresh ones: a password-reset mail's link (earlier ones stop working), and
 * an offer's one-tap accept / decline links, good until the offer expires (one statement for
 * all the batch's offers).
 */
async function linksFor(
  db: Database,
  rows: readonly NotificationRow[],
  settings: NotificationSettings,
): Promise<Map<string, MessageLinks>> {
  const links = new Map<string, MessageLinks>();
  for (const row of rows) {
    if (row.eventType !== 'account.password_reset') continue;
    const { path } = await issuePasswordResetLink(db, { userId: row.userId });
    links.set(row.id, { ...settings.links, passwordResetPath: path });
  }
  const offerRows = rows.filter(
    (row) =>
      (row.eventType === 'match.offered' || row.eventType === 'offer.expiring') && row.matchId,
  );
  if (offerRows.length === 0) return links;
  const now = new Date();
  const open = (
    await db
      .select({
        matchId: matches.id,
        volunteerId: matches.volunteerId,
        status: matches.status,
        expiresAt: matches.offerExpiresAt,
      })
      .from(matches)
      .where(inArray(matches.id, [...new Set(offerRows.map((row) => row.matchId!))]))
  ).flatMap(({ status, expiresAt, ...offer }) =>
    status === 'offered' && expiresAt && expiresAt > now ? [{ ...offer, expiresAt }] : [],
  );
  // One pair of links per row (a match's offer and its expiring reminder each get their own).
  const issued = await issueOfferActionLinksMany(
    db,
    offerRows.flatMap((row) => open.filter((offer) => offer.matchId === row.matchId)),
  );
  offerRows.forEach((row) => {
    const index = issued.findIndex((links) => links.matchId === row.matchId);
    if (index < 0) return;
    const [{ acceptPath, declinePath }] = issued.splice(index, 1) as [(typeof issued)[number]];
    links.set(row.id, {
      ...settings.links,
      offerAcceptPath: acceptPath,
      offerDeclinePath: declinePath,
    });
  });
  return links;
}

/**
 * Copies to a proxy told "as well": one try each once the resident's own message is sent (a
 * retry of the row would send the resident's again); a failure is logged, never the address.
 */
async function sendCopies(
  deps: SendNotificationDependencies,
  row: NotificationRow,
  channel: Channel,
  messages: Parameters<Channel['send']>[0][],
): Promise<void> {
  for (const message of messages) {
    const copy = await channel.send(message);
    if (copy.outcome === 'sent') log(deps, row, 'sent', 'copy to proxy');
    else log(deps, row, 'failed', `copy to proxy: ${copy.reason}`);
  }
}

async function fallBack(
  deps: SendNotificationDependencies,
  row: NotificationRow,
  outcome: 'failed' | 'bounced' | 'skipped',
  reason: string,
): Promise<SendOutcome> {
  const nextId = await endNotificationAndFallBack(deps.db, row.id, outcome, reason);
  if (nextId) await enqueueDueSends(deps.db, deps.queue, [nextId]);
  log(deps, row, outcome, reason, nextId);
  return outcome;
}

/** Ids, channel, outcome and a short reason only: never an address, a name or the words. */
function log(
  deps: SendNotificationDependencies,
  row: NotificationRow,
  outcome: SendOutcome,
  reason?: string,
  fallbackId?: string,
): void {
  const details = {
    notificationId: row.id,
    eventType: row.eventType,
    channel: row.channel,
    attempts: row.attempts,
    outcome,
    ...(reason ? { reason } : {}),
    ...(fallbackId ? { fallbackId } : {}),
  };
  if (outcome === 'sent') deps.logger?.info(details, 'notification sent');
  else deps.logger?.warn(details, 'notification not sent');
}
