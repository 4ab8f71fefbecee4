import { helpCategories, type HelpCategory } from '@sasaeai/contracts';
import { startOfJapanDay } from './japan-time.ts';

/**
 * The public needs board: open needs counted per district and category, with small counts
 * folded into one "other districts" row per category so that no household can be singled out.
 */

/** A district and category with fewer open needs than this is not named on the board. */
export const PUBLIC_NEEDS_MIN_COUNT = 3;

/** The board's week: from the start of today in Japan for seven days. */
export function publicNeedsWeek(now: Date): { from: Date; to: Date } {
  const from = startOfJapanDay(now);
  return { from, to: new Date(from.getTime() + 7 * 24 * 3_600_000) };
}

export interface NeedCount<D> {
  district: D;
  category: HelpCategory;
  count: number;
}

export interface NeedsBoard<D> {
  /** Named districts, each with at least `minCount` needs in the category; most first. */
  rows: NeedCount<D>[];
  /** Per category: the needs of districts not named above (only categories with any). */
  grouped: { category: HelpCategory; count: number }[];
  /** Per category and overall: every open need of the week, grouped ones included. */
  byCategory: { category: HelpCategory; count: number }[];
  total: number;
}

/**
 * Splits counts into named rows (count ≥ minCount) and per-category remainders. Counts of zero
 * or less are dropped; the order is fixed (count, then the category's order, then `order`).
 */
export function groupNeeds<D>(
  counts: readonly NeedCount<D>[],
  order: (a: D, b: D) => number,
  minCount = PUBLIC_NEEDS_MIN_COUNT,
): NeedsBoard<D> {
  const categoryIndex = (category: HelpCategory) => helpCategories.indexOf(category);
  const positive = counts.filter((row) => Number.isInteger(row.count) && row.count > 0);
  const rows = positive
    .filter((row) => row.count >= minCount)
    .sort(
      (a, b) =>
        b.count - a.count ||
        categoryIndex(a.category) - categoryIndex(b.category) ||
        order(a.district, b.district),
    );
  const sumBy = (list: readonly NeedCount<D>[]) =>
    helpCategories
      .map((category) => ({
        category,
        count: list
          .filter((row) => row.category === category)
          .reduce((sum, row) => sum + row.count, 0),
      }))
      .filter((entry) => entry.count > 0);
  const grouped = sumBy(positive.filter((row) => row.count < minCount));
  const byCategory = sumBy(positive);
  return {
    rows,
    grouped,
    byCategory,
    total: byCategory.reduce((sum, entry) => sum + entry.count, 0),
  };
}
