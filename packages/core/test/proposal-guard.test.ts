import { describe, expect, it } from 'vitest';
import { requestStatuses } from '@sasaeai/contracts';
import { decideProposal, freeSlot, type ProposalSituation } from '../src/proposal-guard.ts';

const me = 'v-me';
const situation = (overrides: Partial<ProposalSituation> = {}): ProposalSituation => ({
  request: { status: 'matching', peopleNeeded: 2 },
  live: [],
  volunteerId: me,
  volunteer: { verification: 'active', kind: 'individual' },
  ...overrides,
});
const held = (volunteerId: string, slot: number, exclusive = true) => ({
  volunteerId,
  slot,
  exclusive,
});

describe('the proposal guard', () => {
  it('places an active individual in the first free place', () => {
    expect(decideProposal(situation())).toEqual({ ok: true, slot: 0, group: false });
    expect(decideProposal(situation({ live: [held('other', 0)] }))).toEqual({
      ok: true,
      slot: 1,
      group: false,
    });
  });

  it('takes only requests still looking for helpers', () => {
    const allowed = requestStatuses.filter(
      (status) => decideProposal(situation({ request: { status, peopleNeeded: 2 } })).ok,
    );
    expect(allowed).toEqual(['open', 'matching', 'unmatched']);
    expect(decideProposal(situation({ request: { status: 'done', peopleNeeded: 2 } }))).toEqual({
      ok: false,
      reason: 'invalid_state',
    });
  });

  it('refuses a volunteer who is pending, suspended or has no profile', () => {
    for (const verification of ['pending', 'suspended'] as const) {
      expect(
        decideProposal(situation({ volunteer: { verification, kind: 'individual' } })),
      ).toEqual({ ok: false, reason: 'not_eligible' });
    }
    expect(decideProposal(situation({ volunteer: undefined }))).toEqual({
      ok: false,
      reason: 'not_eligible',
    });
  });

  it('refuses a volunteer already on the request, and a full request', () => {
    expect(decideProposal(situation({ live: [held(me, 0)] }))).toEqual({
      ok: false,
      reason: 'already_on_request',
    });
    expect(decideProposal(situation({ live: [held('a', 0), held('b', 1)] }))).toEqual({
      ok: false,
      reason: 'request_full',
    });
    expect(decideProposal(situation({ live: [held('group', 0, false)] }))).toEqual({
      ok: false,
      reason: 'request_full',
    });
  });

  it('lets a group take only a request nobody holds yet, covering every place', () => {
    const group = { verification: 'active' as const, kind: 'group' as const };
    expect(decideProposal(situation({ volunteer: group }))).toEqual({
      ok: true,
      slot: 0,
      group: true,
    });
    expect(decideProposal(situation({ volunteer: group, live: [held('a', 0)] }))).toEqual({
      ok: false,
      reason: 'request_full',
    });
  });

  it('finds the free place among those held', () => {
    expect(freeSlot(3, [held('a', 0), held('b', 2)])).toBe(1);
    expect(freeSlot(1, [held('a', 0)])).toBeNull();
  });
});
