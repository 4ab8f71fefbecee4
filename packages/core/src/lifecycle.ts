import type { MatchStatus, RequestStatus } from '@sasaeai/contracts';

/**
 * The help-request lifecycle. Back-edges (a declined or expired offer) return to `matching`;
 * `unmatched` goes to the coordinator, who may send it back to matching or cancel it.
 */
const requestTransitions: Record<RequestStatus, readonly RequestStatus[]> = {
  open: ['matching', 'cancelled'],
  matching: ['proposed', 'unmatched', 'cancelled'],
  proposed: ['approved', 'matching', 'cancelled'],
  approved: ['accepted', 'matching', 'cancelled'],
  accepted: ['done', 'matching', 'cancelled'],
  unmatched: ['matching', 'proposed', 'cancelled'],
  done: [],
  cancelled: [],
};

const matchTransitions: Record<MatchStatus, readonly MatchStatus[]> = {
  proposed: ['approved', 'rejected', 'cancelled'],
  approved: ['offered', 'cancelled'],
  offered: ['accepted', 'declined', 'expired', 'cancelled'],
  accepted: ['completed', 'no_show', 'cancelled'],
  declined: [],
  expired: [],
  rejected: [],
  cancelled: [],
  completed: [],
  no_show: [],
};

export function canMoveRequest(from: RequestStatus, to: RequestStatus): boolean {
  return requestTransitions[from].includes(to);
}

export function canMoveMatch(from: MatchStatus, to: MatchStatus): boolean {
  return matchTransitions[from].includes(to);
}

/** States from which nothing follows. */
export function isFinalRequestStatus(status: RequestStatus): boolean {
  return requestTransitions[status].length === 0;
}

/** A match that still holds the volunteer's time (the booking constraint covers these). */
export function isLiveMatch(status: MatchStatus): boolean {
  return (
    status === 'proposed' || status === 'approved' || status === 'offered' || status === 'accepted'
  );
}
