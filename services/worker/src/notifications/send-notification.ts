import { issueOfferActionLinks, issuePasswordResetLink } from '@sasaeai/db/action-links';
import { matches } from '@sasaeai/db/schema';
import { eq } from 'drizzle-orm';
import type { NotificationEventType } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import {
  claimNotification,
  dueTimes,
  loadReach,
  endNotificationAndFallBack,
  loadMessageFacts,
  markNotificationSent,
  recipientsOn,
  scheduleNotificationRetry,
  type NotificationRow,
  type Recipient,
} from '@sasaeai/db/notifications';
import type { Logger } from '../logger.ts';
import type { WorkerQueue } from '../queues.ts';
import type { Channel, Channels } from './channel.ts';
import { chatTextOf } from './chat-text.ts';
import { renderMessage, type MessageLinks } from './templates.ts';

/** "Send this notification row": ids only. */
export const SEND_NOTIFICATION_JOB = 'notification.send';

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
}

export const defaultNotificationSettings: Omit<NotificationSettings, 'channels' | 'links'> = {
  maxAttempts: 4,
  retryBaseMs: 30_000,
  claimLeaseMs: 2 * 60_000,
  maxEventAgeMs: 24 * 3_600_000,
};

export interface SendNotificationDependencies {
  db: Database;
  /** Where retries and fallbacks are queued (the producer's `notifications` queue). */
  queue: WorkerQueue;
  settings: NotificationSettings;
  logger?: Logger | undefined;
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

export async function enqueueNotificationSends(
  queue: WorkerQueue,
  sends: readonly NotificationSend[],
  delayMs = 0,
): Promise<void> {
  if (sends.length === 0) return;
  await queue.addBulk(
    sends.map(({ id, eventType }) => {
      const priority = sendPriorityOf(eventType);
      return {
        name: SEND_NOTIFICATION_JOB,
        data: { notificationId: id },
        opts: {
          ...(delayMs > 0 ? { delay: delayMs } : {}),
          ...(priority === undefined ? {} : { priority }),
        },
      };
    }),
  );
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
  const now = Date.now();
  const due = await dueTimes(db, ids);
  const later = due.filter((row) => row.dueAt.getTime() > now + 1_000);
  await enqueueNotificationSends(
    queue,
    due.filter((row) => !later.includes(row)),
  );
  for (const row of later) {
    await enqueueNotificationSends(queue, [row], row.dueAt.getTime() - now + CLOCK_MARGIN_MS);
  }
}

/**
 * One attempt at one row: claim it (nothing happens to a row already sent, ended, or taken by
 * another worker), render its words from the database, hand them to the channel, and record
 * the outcome — sent; queued again after a pause; or ended and passed to the next channel.
 */
export async function sendNotification(
  deps: SendNotificationDependencies,
  notificationId: string,
): Promise<SendOutcome> {
  const { db, settings } = deps;
  const row = await claimNotification(db, notificationId, settings.claimLeaseMs);
  if (!row) return 'not_due';
  const [person] = await loadReach(db, [row.userId]);
  // Anonymised since the row was written: nothing goes out, not even a coordinator's call.
  if (!person) return fallBack(deps, row, 'skipped', 'anonymised');
  const channel = settings.channels[row.channel];
  if (!channel) return fallBack(deps, row, 'skipped', 'channel off');

  const facts = await loadMessageFacts(db, row);
  const links = await linksFor(db, row, settings);
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

  if (result.outcome === 'sent') {
    await markNotificationSent(db, row.id, result.providerMessageId);
    log(deps, row, 'sent');
    await sendCopies(deps, row, channel, copies.map(messageTo));
    return 'sent';
  }
  if (result.outcome === 'permanent') return fallBack(deps, row, 'bounced', result.reason);
  if (row.attempts >= settings.maxAttempts) return fallBack(deps, row, 'failed', result.reason);

  const pauseMs = Math.max(
    settings.retryBaseMs * 2 ** (row.attempts - 1),
    result.retryAfterMs ?? 0,
  );
  await scheduleNotificationRetry(db, row.id, result.reason, pauseMs);
  // The row is due by the database's clock; the job waits a little longer, so a worker clock
  // slightly ahead does not find it not yet due (which would leave it to the reconciler).
  await enqueueNotificationSends(deps.queue, [row], pauseMs + CLOCK_MARGIN_MS);
  log(deps, row, 'retry', result.reason);
  return 'retry';
}

/**
 * Links issued when the message is rendered, so no secret waits in the database or a queue
 * and a retry sends fresh ones: a password-reset mail's link (earlier ones stop working), and
 * an offer's one-tap accept / decline links, good until the offer expires.
 */
async function linksFor(
  db: Database,
  row: NotificationRow,
  settings: NotificationSettings,
): Promise<MessageLinks> {
  if (row.eventType === 'account.password_reset') {
    const { path } = await issuePasswordResetLink(db, { userId: row.userId });
    return { ...settings.links, passwordResetPath: path };
  }
  if ((row.eventType === 'match.offered' || row.eventType === 'offer.expiring') && row.matchId) {
    const [offer] = await db
      .select({ status: matches.status, expiresAt: matches.offerExpiresAt })
      .from(matches)
      .where(eq(matches.id, row.matchId));
    if (offer?.status !== 'offered' || !offer.expiresAt || offer.expiresAt <= new Date()) {
      return settings.links;
    }
    const { acceptPath, declinePath } = await issueOfferActionLinks(db, {
      matchId: row.matchId,
      expiresAt: offer.expiresAt,
    });
    return { ...settings.links, offerAcceptPath: acceptPath, offerDeclinePath: declinePath };
  }
  return settings.links;
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
