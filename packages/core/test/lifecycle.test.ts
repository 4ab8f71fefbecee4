import { describe, expect, it } from 'vitest';
import {
  matchStatuses,
  requestStatuses,
  type MatchStatus,
  type RequestStatus,
} from '@sasaeai/contracts';
import {
  canMoveMatch,
  canMoveRequest,
  deriveRequestStatus,
  initialMatchStatuses,
  isFinalRequestStatus,
  isLiveMatch,
  isLookingForHelpers,
  liveMatchStatuses,
  matchStatusesMovingTo,
  requestStatusesMovingTo,
} from '../src/lifecycle.ts';

/** Every legal request move; any pair not listed must be refused. */
const legalRequestMoves: Record<RequestStatus, RequestStatus[]> = {
  open: ['matching', 'proposed', 'approved', 'unmatched', 'cancelled'],
  matching: ['proposed', 'approved', 'accepted', 'done', 'unmatched', 'cancelled'],
  unmatched: ['matching', 'proposed', 'approved', 'cancelled'],
  proposed: ['approved', 'accepted', 'done', 'matching', 'cancelled'],
  approved: ['accepted', 'done', 'matching', 'cancelled'],
  accepted: ['done', 'matching', 'cancelled'],
  done: [],
  cancelled: ['matching'],
};

const legalMatchMoves: Record<MatchStatus, MatchStatus[]> = {
  proposed: ['approved', 'offered', 'rejected', 'cancelled'],
  approved: ['offered', 'cancelled'],
  offered: ['accepted', 'declined', 'expired', 'cancelled'],
  // declined: the volunteer hands an accepted task back.
  accepted: ['completed', 'no_show', 'declined', 'cancelled'],
  declined: [],
  expired: [],
  rejected: [],
  cancelled: [],
  completed: [],
  no_show: [],
};

describe('request lifecycle', () => {
  const pairs = requestStatuses.flatMap((from) => requestStatuses.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is legal exactly when the table says so', (from, to) => {
    expect(canMoveRequest(from, to)).toBe(legalRequestMoves[from].includes(to));
  });

  it('follows the happy path open → matching → proposed → approved → accepted → done', () => {
    const path = ['open', 'matching', 'proposed', 'approved', 'accepted', 'done'] as const;
    for (let i = 1; i < path.length; i++) expect(canMoveRequest(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('never leaves done; a cancelled request may only be reopened into matching', () => {
    for (const to of requestStatuses) expect(canMoveRequest('done', to)).toBe(false);
    expect(requestStatuses.filter((to) => canMoveRequest('cancelled', to))).toEqual(['matching']);
    expect(isFinalRequestStatus('done')).toBe(true);
    expect(isFinalRequestStatus('cancelled')).toBe(false);
    expect(isFinalRequestStatus('unmatched')).toBe(false);
  });

  it('never moves backwards between helper stages, nor from a found helper to the inbox', () => {
    expect(canMoveRequest('accepted', 'approved')).toBe(false);
    expect(canMoveRequest('approved', 'proposed')).toBe(false);
    expect(canMoveRequest('accepted', 'unmatched')).toBe(false);
    expect(canMoveRequest('open', 'accepted')).toBe(false);
    expect(canMoveRequest('open', 'done')).toBe(false);
  });

  it('lists where a move may start, for batch statements', () => {
    expect(requestStatusesMovingTo('unmatched')).toEqual(['open', 'matching']);
    expect(requestStatuses.filter(isLookingForHelpers)).toEqual(['open', 'matching', 'unmatched']);
  });
});

describe('match lifecycle', () => {
  const pairs = matchStatuses.flatMap((from) => matchStatuses.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is legal exactly when the table says so', (from, to) => {
    expect(canMoveMatch(from, to)).toBe(legalMatchMoves[from].includes(to));
  });

  it('goes proposed → offered (approval) → accepted → completed', () => {
    expect(canMoveMatch('proposed', 'offered')).toBe(true);
    expect(canMoveMatch('offered', 'accepted')).toBe(true);
    expect(canMoveMatch('accepted', 'completed')).toBe(true);
    expect(canMoveMatch('proposed', 'accepted')).toBe(false);
    expect(canMoveMatch('completed', 'cancelled')).toBe(false);
  });

  it('counts exactly the four holding states as live, and lets each of them be cancelled', () => {
    expect(matchStatuses.filter(isLiveMatch)).toEqual([...liveMatchStatuses]);
    expect(matchStatusesMovingTo('cancelled')).toEqual([...liveMatchStatuses]);
    expect(initialMatchStatuses.every(isLiveMatch)).toBe(true);
  });
});

describe('a request’s status from its matches', () => {
  const m = (status: MatchStatus, exclusive = true) => ({ status, exclusive });

  it('is matching until every place is covered, then the least advanced match', () => {
    expect(deriveRequestStatus('matching', 2, [m('offered')])).toBe('matching');
    expect(deriveRequestStatus('matching', 2, [m('offered'), m('proposed')])).toBe('proposed');
    expect(deriveRequestStatus('proposed', 2, [m('offered'), m('accepted')])).toBe('approved');
    expect(deriveRequestStatus('accepted', 2, [m('completed'), m('completed')])).toBe('done');
  });

  it('lets a group cover every place, and keeps open, unmatched, cancelled and done', () => {
    expect(deriveRequestStatus('matching', 5, [m('proposed', false)])).toBe('proposed');
    expect(deriveRequestStatus('open', 1, [])).toBe('open');
    expect(deriveRequestStatus('unmatched', 1, [m('declined')])).toBe('unmatched');
    expect(deriveRequestStatus('cancelled', 1, [m('completed')])).toBe('cancelled');
    expect(deriveRequestStatus('done', 1, [m('cancelled')])).toBe('done');
  });
});
