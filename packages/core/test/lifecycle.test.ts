import { describe, expect, it } from 'vitest';
import { matchStatuses, requestStatuses } from '@sasaeai/contracts';
import {
  canMoveMatch,
  canMoveRequest,
  isFinalRequestStatus,
  isLiveMatch,
} from '../src/lifecycle.ts';

describe('request lifecycle', () => {
  it('follows the happy path open → matching → proposed → approved → accepted → done', () => {
    const path = ['open', 'matching', 'proposed', 'approved', 'accepted', 'done'] as const;
    for (let i = 1; i < path.length; i++) expect(canMoveRequest(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('sends a declined or expired offer back to matching', () => {
    expect(canMoveRequest('approved', 'matching')).toBe(true);
    expect(canMoveRequest('accepted', 'matching')).toBe(true);
  });

  it('never leaves done or cancelled, and never skips approval', () => {
    for (const to of requestStatuses) {
      expect(canMoveRequest('done', to)).toBe(false);
      expect(canMoveRequest('cancelled', to)).toBe(false);
    }
    expect(canMoveRequest('proposed', 'accepted')).toBe(false);
    expect(isFinalRequestStatus('done')).toBe(true);
    expect(isFinalRequestStatus('unmatched')).toBe(false);
  });
});

describe('match lifecycle', () => {
  it('goes proposed → approved → offered → accepted → completed', () => {
    expect(canMoveMatch('proposed', 'approved')).toBe(true);
    expect(canMoveMatch('approved', 'offered')).toBe(true);
    expect(canMoveMatch('offered', 'accepted')).toBe(true);
    expect(canMoveMatch('accepted', 'completed')).toBe(true);
    expect(canMoveMatch('proposed', 'accepted')).toBe(false);
  });

  it('counts exactly the four holding states as live', () => {
    expect(matchStatuses.filter(isLiveMatch)).toEqual([
      'proposed',
      'approved',
      'offered',
      'accepted',
    ]);
  });
});
