import type { RequestStatus, VerificationStatus, VolunteerKind } from '@sasaeai/contracts';
import { isLookingForHelpers } from './lifecycle.ts';

/** Why a volunteer may not be proposed (or offered) a request now. */
export type ProposalRefusal =
  'invalid_state' | 'already_on_request' | 'request_full' | 'not_eligible';

export interface ProposalSituation {
  request: { status: RequestStatus; peopleNeeded: number };
  /** The request's live matches (they hold places). */
  live: readonly { volunteerId: string; slot: number; exclusive: boolean }[];
  volunteerId: string;
  /** The volunteer's profile, or undefined when they have none. */
  volunteer: { verification: VerificationStatus; kind: VolunteerKind } | undefined;
}

export type ProposalDecision =
  { ok: true; slot: number; group: boolean } | { ok: false; reason: ProposalRefusal };

/** The first helper place not held by a live match, or null when every place is covered. */
export function freeSlot(
  peopleNeeded: number,
  live: readonly { slot: number; exclusive: boolean }[],
): number | null {
  if (live.some((match) => !match.exclusive)) return null;
  const taken = new Set(live.map((match) => match.slot));
  for (let slot = 0; slot < peopleNeeded; slot++) if (!taken.has(slot)) return slot;
  return null;
}

/**
 * The one rule for placing a volunteer on a request, used by the matcher's proposals (one or a
 * batch) and a coordinator's assignment alike: the request is still looking for helpers, the
 * volunteer is active and not already on it, a place is free, and a group (which covers every
 * place) only takes a request nobody holds yet. Eligibility for the task itself (district,
 * time, skills, load) is the matching engine's; the booking constraints have the final word.
 */
export function decideProposal(situation: ProposalSituation): ProposalDecision {
  const { request, live, volunteerId, volunteer } = situation;
  if (!isLookingForHelpers(request.status)) return { ok: false, reason: 'invalid_state' };
  if (live.some((match) => match.volunteerId === volunteerId)) {
    return { ok: false, reason: 'already_on_request' };
  }
  const slot = freeSlot(request.peopleNeeded, live);
  if (slot === null) return { ok: false, reason: 'request_full' };
  if (!volunteer || volunteer.verification !== 'active') {
    return { ok: false, reason: 'not_eligible' };
  }
  const group = volunteer.kind === 'group';
  if (group && live.length > 0) return { ok: false, reason: 'request_full' };
  return { ok: true, slot, group };
}
