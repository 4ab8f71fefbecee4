import { eq } from 'drizzle-orm';
import type { ScoreBreakdown } from '@sasaeai/contracts';
import { decideProposal } from '@sasaeai/core';
import type { Database, Tx } from '../client.ts';
import { isConstraintViolation } from '../constraint-error.ts';
import { auditEvents, matches, volunteerProfiles } from '../schema/index.ts';
import { TransitionError } from './errors.ts';
import { bookingRange, lockRequest } from './live-matches.ts';
import type { LiveNotice } from './notices.ts';
import { enqueueOutbox } from './outbox.ts';
import { refreshRequestStatus } from './request-status.ts';
import { districtSettingsFor } from './settings.ts';
import { lockVolunteers } from '../matching/locks.ts';

const bookingConstraints = [
  'matches_no_overlapping_booking',
  'matches_one_live_per_slot',
  'matches_one_live_per_volunteer',
];

export interface PlaceMatchInput {
  requestId: string;
  volunteerId: string;
  score: number;
  breakdown: ScoreBreakdown | null;
  now?: Date;
}

/**
 * Inserts a match for the request's next free place, in the caller's transaction. `offered`
 * skips the approval queue (a coordinator assigned by hand, or auto-approval for a trusted
 * volunteer). Throws TransitionError when the guards or the booking constraints refuse.
 */
export async function placeMatch(
  tx: Tx,
  input: PlaceMatchInput & { offer: boolean; actorId: string | null },
): Promise<{ matchId: string; districtId: string; notices: LiveNotice[] }> {
  const now = input.now ?? new Date();
  const locked = await lockRequest(tx, input.requestId);
  if (!locked) throw new TransitionError('not_found');
  const { request, live } = locked;
  const [profile] = await tx
    .select()
    .from(volunteerProfiles)
    .where(eq(volunteerProfiles.userId, input.volunteerId));
  const decision = decideProposal({
    request,
    live,
    volunteerId: input.volunteerId,
    volunteer: profile,
  });
  if (!decision.ok) throw new TransitionError(decision.reason);
  const { slot, group } = decision;

  const settings = await districtSettingsFor(tx, request.districtId);
  const offer = input.offer || (settings.autoApproveTrusted && profile?.trusted === true);
  const values = {
    requestId: request.id,
    volunteerId: input.volunteerId,
    slot,
    status: offer ? ('offered' as const) : ('proposed' as const),
    score: input.score,
    scoreBreakdown: input.breakdown ?? {},
    bookedDuring: bookingRange(request.windowStart, request.windowEnd),
    exclusive: !group,
    decidedBy: offer ? input.actorId : null,
    offeredAt: offer ? now : null,
    offerExpiresAt: offer ? new Date(now.getTime() + settings.offerTtlMinutes * 60_000) : null,
  };
  let matchId: string;
  try {
    // A savepoint, so a constraint refusal leaves the outer transaction usable.
    const [row] = await tx.transaction(async (savepoint) =>
      savepoint.insert(matches).values(values).returning({ id: matches.id }),
    );
    matchId = row!.id;
  } catch (error) {
    if (bookingConstraints.some((name) => isConstraintViolation(error, name))) {
      throw new TransitionError('volunteer_booked');
    }
    throw error;
  }
  await tx.insert(auditEvents).values({
    actorId: input.actorId,
    action: offer ? 'match.offered' : 'match.proposed',
    subjectType: 'match',
    subjectId: matchId,
    districtId: request.districtId,
    details: { requestId: request.id, volunteerId: input.volunteerId, auto: offer && !input.offer },
  });
  await enqueueOutbox(tx, {
    topic: 'match.changed',
    payload: {
      matchId,
      requestId: request.id,
      districtId: request.districtId,
    },
  });
  const status = await refreshRequestStatus(tx, request.id, { actorId: input.actorId, now });
  const event = { type: 'match.changed' as const, matchId, status: values.status };
  const notices: LiveNotice[] = [
    { audience: { districtId: request.districtId }, event },
    ...status.notices,
  ];
  if (offer) notices.push({ audience: { userId: input.volunteerId }, event });
  return { matchId, districtId: request.districtId, notices };
}

/**
 * The matcher's proposal. Guarded so that a duplicate job, a request that moved on or a volunteer
 * who got booked meanwhile simply yields `matchId: null` instead of an error.
 */
export async function proposeMatch(
  db: Database,
  input: PlaceMatchInput,
): Promise<{ matchId: string | null; notices: LiveNotice[] }> {
  try {
    return await db.transaction((tx) => placeMatch(tx, { ...input, offer: false, actorId: null }));
  } catch (error) {
    if (error instanceof TransitionError) return { matchId: null, notices: [] };
    throw error;
  }
}

/**
 * A coordinator assigns a volunteer by hand: the offer goes straight to the volunteer. The
 * volunteer's matching lock is held while `choose` (re)checks eligibility and scores the pair,
 * so a matcher run cannot book the same volunteer in between.
 */
export async function assignVolunteer(
  db: Database,
  input: { requestId: string; volunteerId: string; actorId: string; now?: Date },
  choose: (tx: Tx) => Promise<{ score: number; breakdown: ScoreBreakdown }>,
): Promise<{ matchId: string; notices: LiveNotice[] }> {
  return db.transaction(async (tx) => {
    await lockVolunteers(tx, [input.volunteerId]);
    const { score, breakdown } = await choose(tx);
    return placeMatch(tx, {
      ...input,
      score,
      breakdown,
      offer: true,
    });
  });
}
