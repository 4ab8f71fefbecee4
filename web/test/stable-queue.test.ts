/**
 * The approval queue's order under live updates ($lib/stable-queue): nothing the coordinator
 * already sees moves, what left elsewhere is marked in place, what arrived goes after a marker.
 */
import { describe, expect, test } from 'vitest';
import { arrangeQueue, focusAfter, liveInOrder } from '../src/lib/stable-queue.ts';

const card = (id: string) => ({ id });

describe('arrangeQueue', () => {
  test('keeps the first order even when the server now sorts the cards differently', () => {
    const arranged = arrangeQueue(['a', 'b', 'c'], [card('c'), card('a'), card('b')], []);
    expect(arranged.settled).toEqual([
      { kind: 'live', item: card('a') },
      { kind: 'live', item: card('b') },
      { kind: 'live', item: card('c') },
    ]);
    expect(arranged.fresh).toEqual([]);
  });

  test('a card that left elsewhere stays as a gone line in its place; one handled here leaves', () => {
    const arranged = arrangeQueue(['a', 'b', 'c'], [card('a')], ['c']);
    expect(arranged.settled).toEqual([
      { kind: 'live', item: card('a') },
      { kind: 'gone', id: 'b' },
    ]);
  });

  test('later proposals are listed after the marker in the server order', () => {
    const arranged = arrangeQueue(['a', 'b'], [card('x'), card('b'), card('y'), card('a')], []);
    expect(arranged.fresh).toEqual([card('x'), card('y')]);
    expect(liveInOrder(arranged).map((c) => c.id)).toEqual(['a', 'b', 'x', 'y']);
  });
});

describe('focusAfter', () => {
  const ordered = [card('a'), card('b'), card('c')];
  test('moves to the next card, the one before at the end, none when alone or unknown', () => {
    expect(focusAfter(ordered, 'a')).toBe('b');
    expect(focusAfter(ordered, 'c')).toBe('b');
    expect(focusAfter([card('a')], 'a')).toBeUndefined();
    expect(focusAfter(ordered, 'zz')).toBeUndefined();
  });
});
