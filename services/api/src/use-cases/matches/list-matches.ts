import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { MatchList, MatchQuery } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { helpRequests, matches } from '@sasaeai/db/schema';
import type { z } from 'zod';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import { AppError } from '../../errors/app-error.ts';
import { loadMatchesWithRequests } from '../../repositories/match-views.ts';
import { districtIdsByCode, type SessionUser } from '../../repositories/users-repository.ts';

/**
 * The approval queue and other matches (newest 200): a coordinator's districts', one district's
 * (its coordinators, council staff, admins) or the city's (council staff, admins).
 */
export async function listMatches(
  db: Database,
  user: SessionUser,
  query: z.infer<typeof MatchQuery>,
): Promise<z.infer<typeof MatchList>> {
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
  const rows = await db
    .select({ match: matches })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(and(...conditions))
    .orderBy(desc(matches.createdAt))
    .limit(200);
  return {
    matches: await loadMatchesWithRequests(
      db,
      rows.map((row) => row.match),
    ),
  };
}
