import { describe, expect, it } from 'vitest';
import { offerLinkState } from '../src/offer-link-state.ts';

const now = new Date('2026-12-02T10:00:00Z');
const later = new Date('2026-12-02T12:00:00Z');
const earlier = new Date('2026-12-02T09:00:00Z');

describe('offerLinkState', () => {
  it('is open only while offered, before the deadline, to an active volunteer', () => {
    const offer = { status: 'offered', offerExpiresAt: later, verification: 'active' } as const;
    expect(offerLinkState(offer, now)).toBe('open');
    expect(offerLinkState({ ...offer, offerExpiresAt: earlier }, now)).toBe('expired');
    expect(offerLinkState({ ...offer, verification: 'suspended' }, now)).toBe(
      'volunteer_suspended',
    );
  });

  it('names what became of an offer that is no longer open', () => {
    const base = { offerExpiresAt: later, verification: 'active' } as const;
    expect(offerLinkState({ ...base, status: 'accepted' }, now)).toBe('accepted');
    expect(offerLinkState({ ...base, status: 'declined' }, now)).toBe('declined');
    expect(offerLinkState({ ...base, status: 'expired' }, now)).toBe('expired');
    expect(offerLinkState({ ...base, status: 'cancelled' }, now)).toBe('withdrawn');
    expect(offerLinkState({ ...base, status: 'completed' }, now)).toBe('done');
  });
});
