import type { MatchStatus, RequestStatus } from '@sasaeai/contracts';

/**
 * The one request/match state machine. Every status change in `packages/db` (single moves,
 * batch statements, derived request statuses) is checked against these tables.
 *
 * A request's status mostly follows from its matches (`deriveRequestStatus`): once its helper
 * places are covered it is as far along as its least advanced match, so it may skip a stage
 * when the place of a less advanced helper is removed (a coordinator lowers the count), and it
 * goes back to `matching` when a helper drops out. Explicit moves: the matcher starts (open →
 * matching) or gives up (→ unmatched, the coordinator's inbox); a coordinator sends an unmatched
 * request back to matching; anyone entitled cancels; a coordinator reopens a cancelled request.
 * `done` is final.
 */
const requestTransitions: Record<RequestStatus, readonly RequestStatus[]> = {
  open: ['matching', 'proposed', 'approved', 'unmatched', 'cancelled'],
  matching: ['proposed', 'approved', 'accepted', 'done', 'unmatched', 'cancelled'],
  unmatched: ['matching', 'proposed', 'approved', 'cancelled'],
  proposed: ['approved', 'accepted', 'done', 'matching', 'cancelled'],
  approved: ['accepted', 'done', 'matching', 'cancelled'],
  accepted: ['done', 'matching', 'cancelled'],
  done: [],
  cancelled: ['matching'],
};

/**
 * A match is created `proposed` (the coordinator's queue) or `offered` (assigned by hand, or
 * auto-approved for a trusted volunteer); approving a proposal offers it at once.
 */
const matchTransitions: Record<MatchStatus, readonly MatchStatus[]> = {
  proposed: ['approved', 'offered', 'rejected', 'cancelled'],
  approved: ['offered', 'cancelled'],
  offered: ['accepted', 'declined', 'expired', 'cancelled'],
  // declined: the volunteer hands an accepted task back ("I can't make it").
  accepted: ['completed', 'no_show', 'declined', 'cancelled'],
  declined: [],
  expired: [],
  rejected: [],
  cancelled: [],
  completed: [],
  no_show: [],
};

/** The status a new request starts in, and those a new match may start in. */
export const initialRequestStatus = 'open' satisfies RequestStatus;
export const initialMatchStatuses = ['proposed', 'offered'] as const satisfies MatchStatus[];

export function canMoveRequest(from: RequestStatus, to: RequestStatus): boolean {
  return requestTransitions[from].includes(to);
}

export function canMoveMatch(from: MatchStatus, to: MatchStatus): boolean {
  return matchTransitions[from].includes(to);
}

/** Every request status from which `to` may be reached (for batch statements' where clauses). */
export function requestStatusesMovingTo(to: RequestStatus): RequestStatus[] {
  return (Object.keys(requestTransitions) as RequestStatus[]).filter((from) =>
    canMoveRequest(from, to),
  );
}

/** Every match status from which `to` may be reached. */
export function matchStatusesMovingTo(to: MatchStatus): MatchStatus[] {
  return (Object.keys(matchTransitions) as MatchStatus[]).filter((from) => canMoveMatch(from, to));
}

/** States from which nothing follows. */
export function isFinalRequestStatus(status: RequestStatus): boolean {
  return requestTransitions[status].length === 0;
}

/** A request that may take a new match: it is still (or again) looking for helpers. */
export function isLookingForHelpers(status: RequestStatus): boolean {
  return status === 'open' || status === 'matching' || status === 'unmatched';
}

/** A match that still holds the volunteer's time (the booking constraint covers these). */
export function isLiveMatch(status: MatchStatus): boolean {
  return (
    status === 'proposed' || status === 'approved' || status === 'offered' || status === 'accepted'
  );
}

/** The live match statuses, in lifecycle order. */
export const liveMatchStatuses = [
  'proposed',
  'approved',
  'offered',
  'accepted',
] as const satisfies MatchStatus[];

const stageOfMatch: Partial<Record<MatchStatus, { status: RequestStatus; rank: number }>> = {
  proposed: { status: 'proposed', rank: 0 },
  approved: { status: 'approved', rank: 1 },
  offered: { status: 'approved', rank: 1 },
  accepted: { status: 'accepted', rank: 2 },
  completed: { status: 'done', rank: 3 },
};

/**
 * A request's status follows from its matches: once its helpers are all found, it is as far
 * along as its least advanced match; until then it is (still) being matched. A group match
 * covers every place (the matcher only proposes groups big enough). Cancelled and done stay.
 */
export function deriveRequestStatus(
  current: RequestStatus,
  peopleNeeded: number,
  matchRows: readonly { status: MatchStatus; exclusive: boolean }[],
): RequestStatus {
  if (current === 'cancelled' || current === 'done') return current;
  const active = matchRows.filter((row) => stageOfMatch[row.status] !== undefined);
  const covered = active.some((row) => !row.exclusive) ? peopleNeeded : active.length;
  if (covered >= peopleNeeded && active.length > 0) {
    const least = active
      .map((row) => stageOfMatch[row.status]!)
      .reduce((a, b) => (b.rank < a.rank ? b : a));
    return least.status;
  }
  if (current === 'unmatched' || current === 'open') return current;
  return 'matching';
}
