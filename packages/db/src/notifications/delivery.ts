import { nextChannel } from '@sasaeai/core';
import type { NotificationEventType, NotificationStatus } from '@sasaeai/contracts';
import { and, asc, eq, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { notifications } from '../schema/index.ts';
import { channelsFor, loadReach, releaseTimeFor } from './reach.ts';

export type NotificationRow = typeof notifications.$inferSelect;

/**
 * Takes a queued, due row for one send attempt: counts the attempt and moves its next attempt
 * `leaseMs` ahead, so no other worker takes it meanwhile and the reconciler finds it again if
 * this one dies. Returns nothing when the row is sent, ended, or not due — which is how a job
 * run twice, or a row already `sent`, is never sent again. Times are the database's clock, so
 * workers whose clocks differ agree on what is due.
 */
export async function claimNotification(
  db: Database,
  id: string,
  leaseMs: number,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .update(notifications)
    .set({
      attempts: sql`${notifications.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(notifications.id, id),
        eq(notifications.status, 'queued'),
        lte(notifications.nextAttemptAt, sql`now()`),
      ),
    )
    .returning();
  return row;
}

/**
 * The job's own rows (one, or the few a fan-out queued together; as `claimNotification`) and
 * up to `limit` rows in all with other due rows, in two statements, so a storm's thousands of
 * sends take a few round trips per batch rather than several per mail. The other rows are the
 * longest-due first; rows of `laterEventTypes` (notices that can wait) join only a batch whose
 * own rows include one of them, so they never hold up an offer. Rows another worker holds are
 * skipped, not waited for; their own jobs later find them sent or claimed. `first` is the row
 * of the first id, if this call took it.
 */
export async function claimNotificationBatch(
  db: Database,
  ownIds: string | readonly string[],
  options: {
    leaseMs: number;
    limit: number;
    laterEventTypes: readonly NotificationEventType[];
  },
): Promise<{ first: NotificationRow | undefined; others: NotificationRow[] }> {
  const ids = [...new Set(typeof ownIds === 'string' ? [ownIds] : ownIds)];
  const [firstId] = ids;
  if (firstId === undefined) return { first: undefined, others: [] };
  const own =
    ids.length === 1
      ? [await claimNotification(db, firstId, options.leaseMs)].filter((row) => row !== undefined)
      : await claimNotifications(db, ids, options.leaseMs);
  const first = own.find((row) => row.id === firstId);
  const ownOthers = own.filter((row) => row.id !== firstId);
  // Own rows already taken were most likely taken by a batch that is sending their neighbours.
  const room = options.limit - own.length;
  if (own.length === 0 || room <= 0) return { first, others: ownOthers };
  const withLater = own.some((row) => options.laterEventTypes.includes(row.eventType));
  const picked = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.status, 'queued'),
        lte(notifications.nextAttemptAt, sql`now()`),
        notInArray(notifications.id, ids),
        withLater || options.laterEventTypes.length === 0
          ? undefined
          : notInArray(notifications.eventType, [...options.laterEventTypes]),
      ),
    )
    .orderBy(asc(notifications.nextAttemptAt))
    .limit(room)
    .for('update', { skipLocked: true });
  const filled = await db
    .update(notifications)
    .set(claimed(options.leaseMs))
    .where(and(inArray(notifications.id, picked), dueAndQueued))
    .returning();
  return { first, others: [...ownOthers, ...filled] };
}

const dueAndQueued = and(
  eq(notifications.status, 'queued'),
  lte(notifications.nextAttemptAt, sql`now()`),
);

function claimed(leaseMs: number) {
  return {
    attempts: sql`${notifications.attempts} + 1`,
    nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
    updatedAt: sql`now()`,
  };
}

/** `claimNotification` for several rows in one statement; rows held by others are skipped. */
async function claimNotifications(
  db: Database,
  ids: readonly string[],
  leaseMs: number,
): Promise<NotificationRow[]> {
  const free = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(inArray(notifications.id, [...ids]), dueAndQueued))
    .for('update', { skipLocked: true });
  return db
    .update(notifications)
    .set(claimed(leaseMs))
    .where(and(inArray(notifications.id, free), dueAndQueued))
    .returning();
}

/** Marks many rows sent in one statement (each with its provider's message id). */
export async function markNotificationsSent(
  db: Database,
  sent: readonly { id: string; providerMessageId: string }[],
): Promise<void> {
  if (sent.length === 0) return;
  await db.execute(sql`
    update ${notifications} n
    set status = 'sent', provider_message_id = v.provider_message_id, sent_at = now(),
      last_error = null, updated_at = now()
    from unnest(
      ${sql.raw('array[')}${sql.join(
        sent.map((row) => sql`${row.id}`),
        sql`, `,
      )}${sql.raw(']::uuid[]')},
      ${sql.raw('array[')}${sql.join(
        sent.map((row) => sql`${row.providerMessageId}`),
        sql`, `,
      )}${sql.raw(']::text[]')}
    ) as v(id, provider_message_id)
    where n.id = v.id and n.status = 'queued'`);
}

export async function markNotificationSent(
  db: Database,
  id: string,
  providerMessageId: string,
  now: Date = new Date(),
): Promise<void> {
  await db
    .update(notifications)
    .set({ status: 'sent', providerMessageId, sentAt: now, lastError: null, updatedAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.status, 'queued')));
}

/** Leaves the row queued for another attempt `pauseMs` from now (database clock). */
export async function scheduleNotificationRetry(
  db: Database,
  id: string,
  reason: string,
  pauseMs: number,
): Promise<void> {
  await db
    .update(notifications)
    .set({
      lastError: reason,
      nextAttemptAt: sql`now() + make_interval(secs => ${pauseMs / 1000})`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(notifications.id, id), eq(notifications.status, 'queued')));
}

/**
 * Ends a row that did not get through (`failed`, `bounced` or `skipped`) and, in the same
 * transaction, queues the event on the person's next channel. Returns the new row's id, or
 * nothing when there is no next channel or it was queued before.
 */
export async function endNotificationAndFallBack(
  db: Database,
  id: string,
  outcome: Extract<NotificationStatus, 'failed' | 'bounced' | 'skipped'>,
  reason: string,
): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const [ended] = await tx
      .update(notifications)
      .set({ status: outcome, lastError: reason, updatedAt: new Date() })
      .where(and(eq(notifications.id, id), eq(notifications.status, 'queued')))
      .returning();
    if (!ended) return undefined;
    const [person] = await loadReach(tx, [ended.userId]);
    if (!person) return undefined;
    const order = channelsFor(person, ended.eventType);
    // A channel the person has since dropped: carry on from the start of their order.
    const next = order.includes(ended.channel) ? nextChannel(order, ended.channel) : order[0];
    if (!next || next === ended.channel) return undefined;
    const now = new Date();
    const release = await releaseTimeFor(tx, person, ended, now);
    const [created] = await tx
      .insert(notifications)
      .values({
        userId: ended.userId,
        eventKey: ended.eventKey,
        eventType: ended.eventType,
        channel: next,
        template: ended.template,
        language: ended.language,
        matchId: ended.matchId,
        requestId: ended.requestId,
        districtId: ended.districtId,
        ...(release > now ? { nextAttemptAt: release } : {}),
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    return created?.id;
  });
}

/**
 * Queued rows whose next attempt is more than `graceMs` overdue: their job was lost (Redis
 * flushed, a worker killed) or never added. The reconciler sends them again.
 */
export async function overdueNotifications(
  db: Database,
  graceMs: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.status, 'queued'),
        lte(notifications.nextAttemptAt, sql`now() - make_interval(secs => ${graceMs / 1000})`),
      ),
    )
    .orderBy(asc(notifications.nextAttemptAt))
    .limit(limit);
  return rows.map((row) => row.id);
}
