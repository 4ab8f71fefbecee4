import { and, asc, count, eq, gt, inArray, lt } from 'drizzle-orm';
import { requestStatuses, type PublicNeeds } from '@sasaeai/contracts';
import {
  PUBLIC_NEEDS_MIN_COUNT,
  groupNeeds,
  isLookingForHelpers,
  jstToday,
  publicNeedsWeek,
} from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { districts, helpRequests } from '@sasaeai/db/schema';

/**
 * The public needs board (no log-in): how many needs of the coming week still look for helpers,
 * per district and category. Only counts leave this module — the query itself selects no id,
 * time, name or address — and small counts are folded per category (`groupNeeds`).
 */
/** Statuses of a request still looking for helpers. */
const LOOKING = requestStatuses.filter(isLookingForHelpers);

export async function publicNeedsBoard(db: Database, now = new Date()): Promise<PublicNeeds> {
  const week = publicNeedsWeek(now);
  const rows = await db
    .select({
      code: districts.code,
      name: districts.name,
      nameEn: districts.nameEn,
      kana: districts.kana,
      category: helpRequests.category,
      count: count(),
    })
    .from(helpRequests)
    .innerJoin(districts, eq(districts.id, helpRequests.districtId))
    .where(
      and(
        inArray(helpRequests.status, LOOKING),
        // Not over yet, and starting within the week.
        gt(helpRequests.windowEnd, now),
        lt(helpRequests.windowStart, week.to),
      ),
    )
    .groupBy(
      districts.code,
      districts.name,
      districts.nameEn,
      districts.kana,
      helpRequests.category,
    )
    .orderBy(asc(districts.code));
  const board = groupNeeds(
    rows.map((row) => ({
      district: { code: row.code, name: row.name, nameEn: row.nameEn, kana: row.kana },
      category: row.category,
      count: row.count,
    })),
    (a, b) => a.kana.localeCompare(b.kana, 'ja') || a.code.localeCompare(b.code),
  );
  const lastDay = new Date(week.to.getTime() - 1);
  return {
    from: jstToday(week.from),
    to: jstToday(lastDay),
    minCount: PUBLIC_NEEDS_MIN_COUNT,
    ...board,
    note: {
      ja: `${String(PUBLIC_NEEDS_MIN_COUNT)}件より 少ない 地区は、だれの ことか わからないように「その他の 地区」に まとめて います。`,
      en: `Districts with fewer than ${String(PUBLIC_NEEDS_MIN_COUNT)} needs of a kind are counted together as “other districts”, so that nobody can be identified.`,
    },
  };
}

/**
 * The board for everyone, kept for `maxAgeMs` (0: always fresh) so a shared link opened by
 * many at once costs one query. One per app instance.
 */
export function cachedNeedsBoard(db: Database, maxAgeMs: number) {
  let cached: { at: number; board: Promise<PublicNeeds> } | null = null;
  return (now = new Date()): Promise<PublicNeeds> => {
    if (cached && maxAgeMs > 0 && now.getTime() - cached.at < maxAgeMs) return cached.board;
    const board = publicNeedsBoard(db, now);
    cached = { at: now.getTime(), board };
    // A failed read is not kept: the next caller tries again.
    board.catch(() => {
      if (cached?.board === board) cached = null;
    });
    return board;
  };
}
