/*
 * Over 400 lines on purpose: every guarded move of a request and a match (offer, answer,
 * complete, cancel, expire, reopen, edit) shares the locking, the lifecycle check and the audit
 * and outbox writes kept in this one file, so a new move is read beside the ones it must match.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { MatchStatus, VolunteerReason } from '@sasaeai/contracts';
import {
  canMoveMatch,
  canMoveRequest,
  isLookingForHelpers,
  matchStatusesMovingTo,
  jstDateOf,
} from '@sasaeai/core';
import type { Database, DbOrTx, Tx } from '../client.ts';
import { isConstraintViolation } from '../constraint-error.ts';
import { lockVolunteers } from '../matching/locks.ts';
import {
  auditEvents,
  concerns,
  helpRequests,
  matches,
  volunteerProfiles,
} from '../schema/index.ts';
import { illegalMove, TransitionError } from './errors.ts';
import { liveStatuses } from './live-matches.ts';
import type { LiveNotice } from './notices.ts';
import { enqueueOutbox } from './outbox.ts';
import { moveRequestTo, refreshRequestStatus } from './request-status.ts';
import { districtSettingsFor } from './settings.ts';

type Result = { notices: LiveNotice[] };

/**
 * Moves one match to `to`, locking it; a move the lifecycle does not allow from where the match
 * is now throws `TransitionError('invalid_state')`. The request's status follows (derived).
 */
export async function moveMatch(
  tx: Tx,
  matchId: string,
  to: MatchStatus,
  actorId: string | null,
  extra: Partial<typeof matches.$inferInsert> = {},
  now = new Date(),
  /** More for the audit row (codes only, never personal data). */
  auditDetails: Record<string, string | null> = {},
): Promise<Result & { match: typeof matches.$inferSelect; districtId: string }> {
  const [match] = await tx.select().from(matches).where(eq(matches.id, matchId)).for('update');
  if (!match) throw new TransitionError('not_found');
  if (!canMoveMatch(match.status, to)) {
    throw illegalMove({ entity: 'match', from: match.status, to });
  }
  const [request] = await tx
    .select({ districtId: helpRequests.districtId })
    .from(helpRequests)
    .where(eq(helpRequests.id, match.requestId));
  try {
    await tx.transaction(async (savepoint) => {
      await savepoint
        .update(matches)
        .set({ status: to, ...extra })
        .where(eq(matches.id, matchId));
    });
  } catch (error) {
    if (isConstraintViolation(error, 'matches_no_overlapping_booking')) {
      throw new TransitionError('volunteer_booked');
    }
    throw error;
  }
  const districtId = request!.districtId;
  await tx.insert(auditEvents).values({
    actorId,
    action: `match.${to}`,
    subjectType: 'match',
    subjectId: matchId,
    districtId,
    details: { ...auditDetails, requestId: match.requestId, from: match.status },
  });
  await enqueueOutbox(tx, {
    topic: 'match.changed',
    payload: { matchId, requestId: match.requestId, districtId },
  });
  const status = await refreshRequestStatus(tx, match.requestId, { actorId, now });
  const event = { type: 'match.changed' as const, matchId, status: to };
  const leftAlone =
    liveSet.has(match.status) && !liveSet.has(to) && to !== 'completed'
      ? await releaseLoneFirstTimer(tx, match.requestId, actorId, now)
      : [];
  return {
    match: { ...match, status: to },
    districtId,
    notices: [
      { audience: { districtId }, event },
      { audience: { userId: match.volunteerId }, event },
      ...status.notices,
      ...leftAlone,
    ],
  };
}

const liveSet = new Set<MatchStatus>(liveStatuses);

/**
 * Supported volunteering: a first-timer (first task with a buddy, none completed yet) never goes
 * alone. When the last experienced person on a request leaves it (declines, hands it back, is
 * withdrawn, rejected or expires) before the task starts, a first-timer still on it is released:
 * their match is cancelled (audit reason `partner_left`; they are told the task was withdrawn)
 * and, as a cancellation excludes nobody, the next run may pair them with a new partner. Once
 * the task has started (a no-show recorded on the day) nothing is undone: the first-timer may
 * have gone and still reports the task. Cancelling one match moves through `moveMatch` again,
 * which releases the next first-timer, if any.
 */
async function releaseLoneFirstTimer(
  tx: Tx,
  requestId: string,
  actorId: string | null,
  now: Date,
): Promise<LiveNotice[]> {
  const [lone] = await tx.execute<{ id: string }>(sql`
    with held as (
      select m.id, m.status::text as status,
        vp.first_task_with_buddy and not exists (
          select 1 from matches done
          where done.volunteer_id = m.volunteer_id and done.status = 'completed'
        ) as first_timer
      from matches m join volunteer_profiles vp on vp.user_id = m.volunteer_id
        join help_requests r on r.id = m.request_id
      where m.request_id = ${requestId} and r.window_start > ${now.toISOString()}::timestamptz
        and m.status in ('proposed', 'approved', 'offered', 'accepted', 'completed')
    )
    select id::text as id from held
    where first_timer and status <> 'completed'
      and not exists (select 1 from held partner where not partner.first_timer)
    order by id
    limit 1`);
  if (!lone) return [];
  const released = await moveMatch(tx, lone.id, 'cancelled', actorId, {}, now, {
    reason: 'partner_left',
  });
  return released.notices;
}

/** Locks the match and refuses (`invalid_state`) unless it is in `status`. */
export async function expectMatchStatus(tx: Tx, matchId: string, status: MatchStatus) {
  const [match] = await tx
    .select({ status: matches.status })
    .from(matches)
    .where(eq(matches.id, matchId))
    .for('update');
  if (!match) throw new TransitionError('not_found');
  if (match.status !== status) throw new TransitionError('invalid_state');
}

/** The coordinator approves a proposal; it is offered to the volunteer at once. */
export async function approveMatch(
  db: Database,
  matchId: string,
  actorId: string,
  now = new Date(),
): Promise<Result> {
  return db.transaction(async (tx) => {
    const [match] = await tx.select().from(matches).where(eq(matches.id, matchId));
    if (!match) throw new TransitionError('not_found');
    const [request] = await tx
      .select({ districtId: helpRequests.districtId })
      .from(helpRequests)
      .where(eq(helpRequests.id, match.requestId));
    const settings = await districtSettingsFor(tx, request!.districtId);
    const result = await moveMatch(
      tx,
      matchId,
      'offered',
      actorId,
      {
        decidedBy: actorId,
        offeredAt: now,
        offerExpiresAt: new Date(now.getTime() + settings.offerTtlMinutes * 60_000),
      },
      now,
    );
    return { notices: result.notices };
  });
}

/** The coordinator rejects a proposal; the request is matched again without that volunteer. */
export async function rejectMatch(db: Database, matchId: string, actorId: string): Promise<Result> {
  return db.transaction(async (tx) => {
    const result = await moveMatch(tx, matchId, 'rejected', actorId, {
      decidedBy: actorId,
    });
    return { notices: result.notices };
  });
}

/**
 * The volunteer accepts an offer; only an active volunteer may (a suspended one holds none).
 * Takes a transaction too: a one-tap link uses itself up in the same one (a savepoint here).
 */
export async function acceptOffer(
  db: DbOrTx,
  matchId: string,
  volunteerId: string,
): Promise<Result> {
  return db.transaction(async (tx) => {
    // Shared lock: a suspension in flight finishes first, and one that follows sees this accept.
    const [profile] = await tx
      .select({ verification: volunteerProfiles.verification })
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, volunteerId))
      .for('share');
    if (profile?.verification !== 'active') throw new TransitionError('not_eligible');
    const result = await moveMatch(tx, matchId, 'accepted', volunteerId, {
      respondedAt: new Date(),
    });
    return { notices: result.notices };
  });
}

export async function declineOffer(
  db: DbOrTx,
  matchId: string,
  volunteerId: string,
  reason?: VolunteerReason,
): Promise<Result> {
  return db.transaction(async (tx) => {
    // Declining answers an offer; an accepted task is handed back instead (`handBackTask`).
    await expectMatchStatus(tx, matchId, 'offered');
    const result = await moveMatch(
      tx,
      matchId,
      'declined',
      volunteerId,
      { respondedAt: new Date() },
      new Date(),
      { reason: reason ?? null },
    );
    return { notices: result.notices };
  });
}

export interface CompleteInput {
  matchId: string;
  volunteerId: string;
  minutesSpent: number;
  wellbeingNote?: string | undefined;
  concern: boolean;
  now?: Date;
}

/**
 * The volunteer reports the task done, from the task's day (Japan time) on: done early on the
 * day (the resident was up at seven) counts, a report the day before does not. A worry raises a
 * concern for the coordinator.
 */
export async function completeMatch(db: Database, input: CompleteInput): Promise<Result> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [task] = await tx
      .select({ windowStart: helpRequests.windowStart })
      .from(matches)
      .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
      .where(eq(matches.id, input.matchId));
    if (task && jstDateOf(now) < jstDateOf(task.windowStart)) {
      throw new TransitionError('not_started');
    }
    const result = await moveMatch(
      tx,
      input.matchId,
      'completed',
      input.volunteerId,
      {
        completedAt: now,
        minutesSpent: input.minutesSpent,
        wellbeingNote: input.wellbeingNote ?? null,
        concernRaised: input.concern,
      },
      now,
    );
    if (input.concern) {
      await tx.insert(concerns).values({
        matchId: input.matchId,
        requestId: result.match.requestId,
        districtId: result.districtId,
        raisedBy: input.volunteerId,
        note: input.wellbeingNote ?? null,
      });
      await enqueueOutbox(tx, {
        topic: 'concern.raised',
        payload: {
          matchId: input.matchId,
          requestId: result.match.requestId,
          districtId: result.districtId,
        },
      });
    }
    return { notices: result.notices };
  });
}

/**
 * A volunteer who may no longer help (suspended, or re-verification needed) gives back what they
 * hold: every live match, accepted ones not yet done included, is cancelled through the same guarded
 * move as a decline, so each request re-enters matching with its outbox row, audit rows and live
 * notices. Call inside the transaction that changes the volunteer's verification; it takes the
 * volunteer's matching lock, so a matcher run cannot propose them in between.
 */
export async function withdrawVolunteer(
  tx: Tx,
  volunteerId: string,
  actorId: string | null,
): Promise<{ matchIds: string[] } & Result> {
  await lockVolunteers(tx, [volunteerId]);
  const live = await tx
    .select({ id: matches.id })
    .from(matches)
    .where(and(eq(matches.volunteerId, volunteerId), inArray(matches.status, [...liveStatuses])))
    .orderBy(matches.id);
  const notices: LiveNotice[] = [];
  for (const { id } of live) {
    const result = await moveMatch(tx, id, 'cancelled', actorId);
    notices.push(...result.notices);
  }
  return { matchIds: live.map((match) => match.id), notices };
}

/** The resident (or a coordinator) cancels: live matches end and matching stops. */
export async function cancelRequest(
  db: DbOrTx,
  requestId: string,
  actorId: string,
): Promise<Result> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId))
      .for('update');
    if (!request) throw new TransitionError('not_found');
    if (!canMoveRequest(request.status, 'cancelled')) {
      throw illegalMove({ entity: 'request', from: request.status, to: 'cancelled' });
    }
    // Every live match ends (the lifecycle lets each of them be cancelled).
    const ended = await tx
      .update(matches)
      .set({ status: 'cancelled' })
      .where(
        and(
          eq(matches.requestId, requestId),
          inArray(matches.status, matchStatusesMovingTo('cancelled')),
        ),
      )
      .returning({ id: matches.id, volunteerId: matches.volunteerId });
    // Volunteers who had the task offered or accepted hear that it was withdrawn.
    await enqueueOutbox(
      tx,
      ended.map((match) => ({
        topic: 'match.changed' as const,
        payload: { matchId: match.id, requestId, districtId: request.districtId },
      })),
    );
    const status = await moveRequestTo(tx, requestId, 'cancelled', { actorId });
    const notices: LiveNotice[] = [...status.notices];
    for (const match of ended) {
      const event = { type: 'match.changed' as const, matchId: match.id, status: 'cancelled' };
      notices.push({ audience: { userId: match.volunteerId }, event });
      notices.push({ audience: { districtId: request.districtId }, event });
    }
    return { notices };
  });
}

/** open → matching; the matcher calls this before it looks for helpers. */
export async function startMatching(
  db: Database,
  requestId: string,
  now = new Date(),
): Promise<{ changed: boolean } & Result> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId))
      .for('update');
    if (request?.status !== 'open') return { changed: false, notices: [] };
    const result = await moveRequestTo(tx, requestId, 'matching', { now });
    return { changed: true, notices: result.notices };
  });
}

/** matching → unmatched, for the coordinator's inbox. */
export async function markUnmatched(
  db: Database,
  requestId: string,
  reason: string,
): Promise<{ changed: boolean } & Result> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId))
      .for('update');
    if (!request || !canMoveRequest(request.status, 'unmatched')) {
      return { changed: false, notices: [] };
    }
    const [updated] = await tx
      .update(helpRequests)
      .set({ unmatchedReason: reason })
      .where(eq(helpRequests.id, requestId))
      .returning({ districtId: helpRequests.districtId });
    const result = await moveRequestTo(tx, requestId, 'unmatched');
    await enqueueOutbox(tx, {
      topic: 'help_request.unmatched',
      payload: {
        requestId,
        districtId: updated!.districtId,
      },
    });
    return { changed: true, notices: result.notices };
  });
}

/** A coordinator sends an unmatched request back to matching (e.g. after finding helpers). */
export async function rematchRequest(
  db: Database,
  requestId: string,
  actorId: string,
): Promise<Result> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId))
      .for('update');
    if (!request) throw new TransitionError('not_found');
    // Only from the inbox: a request in the middle of its loop is not pulled back by hand.
    if (request.status !== 'unmatched') {
      throw illegalMove({ entity: 'request', from: request.status, to: 'matching' });
    }
    const result = await moveRequestTo(tx, requestId, 'matching', { actorId });
    return { notices: result.notices };
  });
}

/**
 * A coordinator reopens a cancelled request (the resident changed their mind on the phone):
 * back to matching, waiting counted from now, and the matcher asked to run (outbox). A request
 * whose window has ended stays cancelled: it is a new request by then.
 */
export async function reopenRequest(
  db: Database,
  requestId: string,
  actorId: string,
  now = new Date(),
): Promise<Result> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select({ status: helpRequests.status, windowEnd: helpRequests.windowEnd })
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId))
      .for('update');
    if (!request) throw new TransitionError('not_found');
    if (request.status !== 'cancelled' || !canMoveRequest(request.status, 'matching')) {
      throw illegalMove({ entity: 'request', from: request.status, to: 'matching' });
    }
    if (request.windowEnd <= now) throw new TransitionError('invalid_state');
    await tx.update(helpRequests).set({ matchingSince: now }).where(eq(helpRequests.id, requestId));
    const result = await moveRequestTo(tx, requestId, 'matching', { actorId, now });
    return { notices: result.notices };
  });
}

export interface RequestEdit {
  window?: { start: Date; end: Date; asSoonAsPossible: boolean };
  peopleNeeded?: number;
  /** `null` clears the notes. */
  notes?: string | null;
}

/**
 * A coordinator corrects a request (window, helpers needed, notes). Live matches that no longer
 * fit are withdrawn through the guarded move a cancellation uses: all of them when the window
 * changes (their volunteers agreed to the old time), those in places beyond a smaller count
 * otherwise. Then the request is matched again (outbox). Audited with the changed field names
 * and the withdrawn match ids only.
 */
export async function editRequest(
  db: Database,
  input: { requestId: string; actorId: string; edit: RequestEdit; now?: Date },
): Promise<Result & { withdrawn: string[] }> {
  const { requestId, actorId, edit } = input;
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId))
      .for('update');
    if (!request) throw new TransitionError('not_found');
    if (request.status === 'done' || request.status === 'cancelled') {
      throw new TransitionError('invalid_state');
    }
    const windowChanged =
      edit.window !== undefined &&
      (edit.window.start.getTime() !== request.windowStart.getTime() ||
        edit.window.end.getTime() !== request.windowEnd.getTime());
    const peopleChanged =
      edit.peopleNeeded !== undefined && edit.peopleNeeded !== request.peopleNeeded;
    const notesChanged = edit.notes !== undefined && (edit.notes ?? null) !== request.notes;
    const changed = [
      ...(windowChanged ? ['window'] : []),
      ...(peopleChanged ? ['peopleNeeded'] : []),
      ...(notesChanged ? ['notes'] : []),
    ];
    if (changed.length === 0) return { notices: [], withdrawn: [] };
    await tx
      .update(helpRequests)
      .set({
        ...(windowChanged && edit.window
          ? {
              windowStart: edit.window.start,
              windowEnd: edit.window.end,
              asSoonAsPossible: edit.window.asSoonAsPossible,
            }
          : {}),
        ...(peopleChanged ? { peopleNeeded: edit.peopleNeeded } : {}),
        ...(notesChanged ? { notes: edit.notes ?? null } : {}),
      })
      .where(eq(helpRequests.id, requestId));
    const live = await tx
      .select({ id: matches.id, slot: matches.slot, status: matches.status })
      .from(matches)
      .where(and(eq(matches.requestId, requestId), inArray(matches.status, [...liveStatuses])))
      .orderBy(matches.id);
    const people = edit.peopleNeeded ?? request.peopleNeeded;
    const unfit = live.filter((match) => windowChanged || match.slot >= people);
    const notices: LiveNotice[] = [];
    for (const { id } of unfit) {
      const result = await moveMatch(tx, id, 'cancelled', actorId, {}, now);
      notices.push(...result.notices);
    }
    // Volunteers who know of the task and keep it hear what changed (those withdrawn above
    // hear that through their match's own outbox row).
    const informed = live.filter(
      (match) =>
        !unfit.includes(match) && (match.status === 'offered' || match.status === 'accepted'),
    );
    if (informed.length > 0) {
      await enqueueOutbox(tx, {
        topic: 'help_request.edited',
        payload: { requestId, districtId: request.districtId },
      });
    }
    await tx.insert(auditEvents).values({
      actorId,
      action: 'help_request.edited',
      subjectType: 'help_request',
      subjectId: requestId,
      districtId: request.districtId,
      details: { fields: changed, withdrawnMatchIds: unfit.map((m) => m.id) },
    });
    if (windowChanged || peopleChanged) {
      const [current] = await tx
        .select({ status: helpRequests.status })
        .from(helpRequests)
        .where(eq(helpRequests.id, requestId));
      // A request still looking (or given up on) looks again for the new time or count.
      const status = isLookingForHelpers(current!.status)
        ? await moveRequestTo(tx, requestId, 'matching', { actorId, now })
        : await refreshRequestStatus(tx, requestId, { actorId, now });
      notices.push(...status.notices);
      if (status.from === status.to && status.to === 'matching') {
        await enqueueOutbox(tx, {
          topic: 'help_request.changed',
          payload: {
            requestId,
            districtId: request.districtId,
          },
        });
      }
    }
    return { notices, withdrawn: unfit.map((m) => m.id) };
  });
}

/** Offers nobody answered in time expire; their requests go back to matching. */
export async function expireOffers(
  db: Database,
  now = new Date(),
): Promise<{ expired: number } & Result> {
  const due = await db
    .select({ id: matches.id })
    .from(matches)
    .where(and(eq(matches.status, 'offered'), lt(matches.offerExpiresAt, now)));
  const notices: LiveNotice[] = [];
  let expired = 0;
  for (const { id } of due) {
    try {
      const result = await db.transaction((tx) => moveMatch(tx, id, 'expired', null, {}, now));
      notices.push(...result.notices);
      expired += 1;
    } catch (error) {
      // Answered meanwhile: nothing to expire.
      if (!(error instanceof TransitionError)) throw error;
    }
  }
  return { expired, notices };
}
