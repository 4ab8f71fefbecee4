import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { MATCH_PAGE_SIZE, type MatchPage, type MatchQuery } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { helpRequests, matches } from '@sasaeai/db/schema';
import type { z } from 'zod';
import { canActInDistrict, districtIdsFor, hasRole } from '../../auth/permissions.ts';
import { supportMarksFor } from '../../repositories/support-marks.ts';
import { AppError } from '../../errors/app-error.ts';
import { loadMatchesWithRequests } from '../../repositories/match-views.ts';
import { districtIdsByCode, type SessionUser } from '../../repositories/users-repository.ts';

/**
 * The approval queue and other matches, a page of `MATCH_PAGE_SIZE` with the total: a
 * coordinator's districts', one district's (its coordinators, council staff, admins) or the
 * city's (council staff, admins). Proposals come by their request's time (whoever has waited
 * longest is decided first), others newest first; ties by id, so pages never overlap.
 */
export async function listMatches(
  db: Database,
  user: SessionUser,
  query: z.infer<typeof MatchQuery>,
): Promise<z.infer<typeof MatchPage>> {
  const conditions: SQL[] = [];
  const cityWide = hasRole(user, 'council', 'admin');
  const own = districtIdsFor(user, 'coordinator');
  if (query.district) {
    const id = (await districtIdsByCode(db, [query.district])).get(query.district);
    if (!id) throw new AppError('not_found');
    if (!cityWide && !own.includes(id)) throw new AppError('forbidden');
    conditions.push(eq(helpRequests.districtId, id));
  } else if (!cityWide) {
    conditions.push(inArray(helpRequests.districtId, own));
  }
  if (query.status) conditions.push(eq(matches.status, query.status));
  if (query.ids) conditions.push(inArray(matches.id, query.ids));
  const where = and(...conditions);
  const order =
    query.status === 'proposed'
      ? [asc(helpRequests.windowStart), asc(matches.id)]
      : [desc(matches.createdAt), asc(matches.id)];
  const [rows, [counted]] = await Promise.all([
    db
      .select({ match: matches, districtId: helpRequests.districtId })
      .from(matches)
      .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
      .where(where)
      .orderBy(...order)
      .limit(MATCH_PAGE_SIZE)
      .offset((query.page - 1) * MATCH_PAGE_SIZE),
    db
      .select({ total: count() })
      .from(matches)
      .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
      .where(where),
  ]);
  const total = counted?.total ?? 0;
  const views = await loadMatchesWithRequests(
    db,
    rows.map((row) => row.match),
  );
  // Supported-volunteering marks on the proposal cards: for the district's coordinators only.
  const coordinated = new Set(
    rows
      .filter((row) => canActInDistrict(user, row.districtId, ['coordinator', 'admin']))
      .map((row) => row.match.id),
  );
  const marks = await supportMarksFor(
    db,
    views.filter((view) => coordinated.has(view.id)).map((view) => view.volunteer.id),
  );
  return {
    matches: views.map((view) => {
      const support = coordinated.has(view.id) ? marks.get(view.volunteer.id) : undefined;
      return support ? { ...view, support } : view;
    }),
    total,
    hasMore: query.page * MATCH_PAGE_SIZE < total,
  };
}
