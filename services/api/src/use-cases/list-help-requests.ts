import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { HelpRequestList, HelpRequestQuery } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { helpRequests } from '@sasaeai/db/schema';
import type { z } from 'zod';
import { districtIdsFor, hasRole } from '../auth/permissions.ts';
import { AppError } from '../errors/app-error.ts';
import { loadRequestViews, type Relation } from '../repositories/help-request-views.ts';
import { districtIdsByCode, type SessionUser } from '../repositories/users-repository.ts';

/**
 * A page of requests, newest first: a resident's own (`mine`, or anyone without a wider role),
 * one district's (its coordinators, council staff, admins), a coordinator's districts', or the
 * whole city's (council staff, admins). Lists never carry addresses; a coordinator opens one
 * request to see them (audited).
 */
export async function listHelpRequests(
  db: Database,
  user: SessionUser,
  { status, district, limit, mine, page }: z.infer<typeof HelpRequestQuery>,
): Promise<z.infer<typeof HelpRequestList>> {
  const conditions: SQL[] = [];
  let relation: Relation = 'owner';
  const cityWide = hasRole(user, 'council', 'admin');
  const coordinated = districtIdsFor(user, 'coordinator');
  if (mine) {
    conditions.push(eq(helpRequests.residentId, user.id));
  } else if (district) {
    const id = (await districtIdsByCode(db, [district])).get(district);
    if (!id) throw new AppError('not_found');
    if (!cityWide && !coordinated.includes(id)) throw new AppError('forbidden');
    conditions.push(eq(helpRequests.districtId, id));
    relation = coordinated.includes(id) || hasRole(user, 'admin') ? 'coordinator' : 'council';
  } else if (coordinated.length > 0) {
    conditions.push(inArray(helpRequests.districtId, coordinated));
    relation = 'coordinator';
  } else if (cityWide) {
    relation = hasRole(user, 'admin') ? 'coordinator' : 'council';
  } else {
    conditions.push(eq(helpRequests.residentId, user.id));
  }
  if (status) conditions.push(eq(helpRequests.status, status));
  const rows = await db
    .select()
    .from(helpRequests)
    .where(and(...conditions))
    .orderBy(desc(helpRequests.createdAt), desc(helpRequests.id))
    .limit(limit + 1)
    .offset((page - 1) * limit);
  return {
    hasMore: rows.length > limit,
    requests: await loadRequestViews(db, rows.slice(0, limit), {
      relation,
      viewerId: user.id,
      revealContact: false,
    }),
  };
}
