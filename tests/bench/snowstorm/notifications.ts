import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type { Receipt } from './smtp-recorder.ts';
import { summarise } from './stats.ts';

/** The worker's e-mail channel names each mail after its notification row (one per event, person, channel). */
const MESSAGE_ID = /^<?([0-9a-f-]{36})@sasaeai\.notifications>?$/;

type Row = {
  id: string;
  eventType: string;
  eventKey: string;
  userId: string;
  districtId: string | null;
  channel: string;
  status: string;
  attempts: number;
  createdAt: Date;
  offeredAt: Date | null;
};

/**
 * What the storm's notifications did, from both ends: PostgreSQL says what must have been
 * announced, the SMTP server's accepted mails (by Message-ID) say what was.
 *
 * - expected: every offer standing in the database (`match.offered` to its volunteer), every
 *   coordinator of a district with proposals waiting (at least one `proposals.waiting` digest),
 *   and every other e-mail row the worker wrote (e.g. `request.unmatched`);
 * - lost: expected and never accepted by the SMTP server, and no longer queued to be; late:
 *   still queued when the run stopped waiting; duplicates: a row's mail accepted more than once;
 * - latency: event → SMTP accepted. The event time of an offer is the match's `offered_at`
 *   (written in the transaction that writes its outbox and audit rows); of a digest or any
 *   other notice, its notification row's `created_at` (the scan or fan-out that decided it).
 */
export async function notificationOutcome(
  db: Database,
  mails: readonly Receipt[],
  /** When the worker was killed: a duplicate's first copy near it was cut by the kill. */
  killedAt?: Date,
) {
  const rows = (
    await db.execute<Row>(sql`
      select n.id, n.event_type as "eventType", n.event_key as "eventKey", n.user_id as "userId",
        n.district_id as "districtId", n.channel::text as channel, n.status::text as status,
        n.attempts, n.created_at as "createdAt", m.offered_at as "offeredAt"
      from notifications n left join matches m on m.id = n.match_id`)
  ).map((row) => ({
    ...row,
    createdAt: new Date(row.createdAt),
    offeredAt: row.offeredAt ? new Date(row.offeredAt) : null,
  }));
  const offers = await db.execute<{ matchId: string; volunteerId: string }>(sql`
    select id as "matchId", volunteer_id as "volunteerId" from matches where status = 'offered'`);
  const digestPairs = await db.execute<{ userId: string; districtId: string }>(sql`
    select distinct r.user_id as "userId", r.district_id as "districtId"
    from matches m join help_requests h on h.id = m.request_id
    join role_assignments r on r.role = 'coordinator' and r.district_id = h.district_id
    where m.status = 'proposed'`);

  const receipts = new Map<string, Date[]>();
  let unknownMails = 0;
  for (const mail of mails) {
    const id = MESSAGE_ID.exec(mail.messageId ?? '')?.[1];
    if (!id) {
      unknownMails += 1;
      continue;
    }
    receipts.set(id, [...(receipts.get(id) ?? []), mail.receivedAt]);
  }
  const received = (row: Row | undefined) => row !== undefined && receipts.has(row.id);
  // Not yet sent when the run stopped waiting: late, not lost (its row will still be sent).
  const queued = (row: Row | undefined) => row?.status === 'queued' && !receipts.has(row.id);
  const byKey = new Map(rows.map((row) => [`${row.eventKey}|${row.userId}|${row.channel}`, row]));

  let lostOffers = 0;
  let late = 0;
  for (const offer of offers) {
    const row = byKey.get(`match.offered:${offer.matchId}|${offer.volunteerId}|email`);
    if (queued(row)) late += 1;
    else if (!received(row)) lostOffers += 1;
  }
  const digestsTo = new Set(
    rows
      .filter((row) => row.eventType === 'proposals.waiting' && received(row))
      .map((row) => `${row.userId}|${row.districtId}`),
  );
  const digestsQueuedTo = new Set(
    rows
      .filter((row) => row.eventType === 'proposals.waiting' && queued(row))
      .map((row) => `${row.userId}|${row.districtId}`),
  );
  const undelivered = digestPairs
    .map((pair) => `${pair.userId}|${pair.districtId}`)
    .filter((pair) => !digestsTo.has(pair));
  const lostDigests = undelivered.filter((pair) => !digestsQueuedTo.has(pair)).length;
  late += undelivered.length - lostDigests;
  const others = rows.filter(
    (row) =>
      row.channel === 'email' &&
      row.eventType !== 'match.offered' &&
      row.eventType !== 'proposals.waiting',
  );
  const lostOthers = others.filter((row) => !received(row) && !queued(row)).length;
  late += others.filter(queued).length;

  const duplicated = rows.filter((row) => (receipts.get(row.id)?.length ?? 0) > 1);
  const byEvent: Record<string, ReturnType<typeof eventFigures>> = {};
  for (const eventType of [...new Set(rows.map((row) => row.eventType))].sort()) {
    byEvent[eventType] = eventFigures(
      rows.filter((row) => row.eventType === eventType),
      receipts,
    );
  }
  const times = mails.map((mail) => mail.receivedAt.getTime());
  const spanSeconds = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  const perSecond = new Map<number, number>();
  for (const time of times) {
    const second = Math.floor(time / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  return {
    expected: offers.length + digestPairs.length + others.length,
    expectedOffers: offers.length,
    expectedDigests: digestPairs.length,
    received: receipts.size,
    lost: lostOffers + lostDigests + lostOthers,
    /** Expected, still queued (backlog) when the run stopped waiting. */
    late,
    lostOffers,
    lostDigests,
    lostOthers,
    duplicates: duplicated.reduce((sum, row) => sum + receipts.get(row.id)!.length - 1, 0),
    // A duplicate can only come from a send the kill cut short after the server's 250 and
    // before the row was marked sent: such a row was taken again (attempts ≥ 2).
    duplicatedRows: duplicated.length,
    duplicatesFromRetakenRows: duplicated.filter((row) => row.attempts >= 2).length,
    /** Per duplicated row: its first copy's accept time minus the kill's, in seconds. */
    duplicateFirstCopyVsKillSeconds: duplicated.map((row) =>
      killedAt ? (receipts.get(row.id)![0]!.getTime() - killedAt.getTime()) / 1000 : null,
    ),
    retakenRows: rows.filter((row) => row.attempts >= 2).length,
    stillQueued: rows.filter((row) => row.status === 'queued').length,
    notEmail: rows.filter((row) => row.channel !== 'email').length,
    unknownMails,
    mailsAccepted: mails.length,
    /** Over the whole span, first mail to last (the tail after the kill included). */
    messagesPerSecond: spanSeconds > 0 ? mails.length / spanSeconds : 0,
    /** The most mails accepted in one clock second. */
    peakPerSecond: Math.max(0, ...perSecond.values()),
    byEvent,
  };
}

function eventFigures(rows: readonly Row[], receipts: ReadonlyMap<string, Date[]>) {
  const fromEvent: number[] = [];
  const fromRow: number[] = [];
  for (const row of rows) {
    const first = receipts.get(row.id)?.[0];
    if (!first) continue;
    const eventAt =
      row.eventType === 'match.offered' ? (row.offeredAt ?? row.createdAt) : row.createdAt;
    fromEvent.push(first.getTime() - eventAt.getTime());
    fromRow.push(first.getTime() - row.createdAt.getTime());
  }
  return {
    rows: rows.length,
    eventTime: rows[0]?.eventType === 'match.offered' ? 'matches.offered_at' : 'row created_at',
    eventToSmtpMs: summarise(fromEvent),
    rowToSmtpMs: summarise(fromRow),
  };
}

export type NotificationOutcome = Awaited<ReturnType<typeof notificationOutcome>>;

/** Polls until every expected notice was accepted by the SMTP server and none is queued, or the deadline. */
export async function waitForNotifications(
  db: Database,
  receipts: () => Promise<Receipt[]>,
  deadlineMs: number,
  killedAt?: Date,
): Promise<{ outcome: NotificationOutcome; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const outcome = await notificationOutcome(db, await receipts(), killedAt);
    const done = outcome.lost === 0 && outcome.late === 0 && outcome.stillQueued === 0;
    if (done || Date.now() - started >= deadlineMs) {
      return { outcome, waitedMs: Date.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
