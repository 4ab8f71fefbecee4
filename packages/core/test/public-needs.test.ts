import { describe, expect, it } from 'vitest';
import { groupNeeds, publicNeedsWeek, type NeedCount } from '../src/public-needs.ts';

const byName = (a: string, b: string) => a.localeCompare(b);

describe('public needs board', () => {
  it('names a district only from the threshold up and folds the rest per category', () => {
    const counts: NeedCount<string>[] = [
      { district: 'kagura', category: 'snow', count: 3 },
      { district: 'chuo', category: 'snow', count: 2 },
      { district: 'toko', category: 'snow', count: 1 },
      { district: 'chuo', category: 'shopping', count: 5 },
      { district: 'nagayama', category: 'visit', count: 1 },
      { district: 'shunko', category: 'weeding', count: 0 },
    ];
    const board = groupNeeds(counts, byName, 3);
    expect(board.rows).toEqual([
      { district: 'chuo', category: 'shopping', count: 5 },
      { district: 'kagura', category: 'snow', count: 3 },
    ]);
    expect(board.grouped).toEqual([
      { category: 'snow', count: 3 },
      { category: 'visit', count: 1 },
    ]);
    expect(board.byCategory).toEqual([
      { category: 'snow', count: 6 },
      { category: 'shopping', count: 5 },
      { category: 'visit', count: 1 },
    ]);
    expect(board.total).toBe(12);
  });

  it('orders ties by category, then by the district order given', () => {
    const board = groupNeeds(
      [
        { district: 'toko', category: 'snow', count: 4 },
        { district: 'chuo', category: 'visit', count: 4 },
        { district: 'chuo', category: 'snow', count: 4 },
      ],
      byName,
    );
    expect(board.rows.map((row) => `${row.district}/${row.category}`)).toEqual([
      'chuo/snow',
      'toko/snow',
      'chuo/visit',
    ]);
    expect(board.grouped).toEqual([]);
  });

  it('ignores counts that are not positive whole numbers', () => {
    const board = groupNeeds(
      [
        { district: 'a', category: 'snow', count: -5 },
        { district: 'b', category: 'snow', count: Number.NaN },
        { district: 'c', category: 'snow', count: 2.5 },
      ],
      byName,
    );
    expect(board).toEqual({ rows: [], grouped: [], byCategory: [], total: 0 });
  });

  it('runs from the start of the Japanese day for seven days', () => {
    // 23:30 on 3 December in Japan is 14:30 UTC.
    const week = publicNeedsWeek(new Date('2026-12-03T14:30:00Z'));
    expect(week.from.toISOString()).toBe('2026-12-02T15:00:00.000Z');
    expect(week.to.toISOString()).toBe('2026-12-09T15:00:00.000Z');
  });
});
