import type { MatchStatus, OfferLinkState, VerificationStatus } from '@sasaeai/contracts';

export interface OfferForLink {
  status: MatchStatus;
  offerExpiresAt: Date | null;
  verification: VerificationStatus;
}

/**
 * Where an offer stands for the volunteer holding its one-tap link: `open` only while it is
 * offered, unexpired, and the volunteer may still help. A past deadline counts even before the
 * expiry job has run.
 */
export function offerLinkState(offer: OfferForLink, now: Date): OfferLinkState {
  switch (offer.status) {
    case 'offered':
      if (offer.verification !== 'active') return 'volunteer_suspended';
      if (offer.offerExpiresAt !== null && offer.offerExpiresAt <= now) return 'expired';
      return 'open';
    case 'accepted':
      return 'accepted';
    case 'declined':
      return 'declined';
    case 'expired':
      return 'expired';
    case 'completed':
    case 'no_show':
      return 'done';
    case 'proposed':
    case 'approved':
    case 'rejected':
    case 'cancelled':
      return 'withdrawn';
  }
}
