import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { helpRequests, matches } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict, hasRole } from '../auth/permissions.ts';
import type { Relation, RequestRow } from '../repositories/help-request-views.ts';
import type { SessionUser } from '../repositories/users-repository.ts';

/**
 * The matches that make a volunteer party to a request: an offer put to them, the task they took,
 * and its history once done. A proposal not yet offered, or one declined, rejected, expired or
 * withdrawn, gives no view of the request.
 */
const volunteerRelationStatuses = ['offered', 'accepted', 'completed'] as const;

/**
 * How a user relates to a request, strongest first. A coordinator of another district, a
 * volunteer with no offered, accepted or completed match on it, or anyone else gets nothing
 * (404, so ids reveal nothing).
 */
export async function relationTo(
  db: Database,
  user: SessionUser,
  request: RequestRow,
): Promise<Relation | null> {
  if (canActInDistrict(user, request.districtId, ['coordinator', 'admin'])) return 'coordinator';
  if (request.residentId === user.id) return 'owner';
  if (hasRole(user, 'volunteer')) {
    const [match] = await db
      .select({ id: matches.id })
      .from(matches)
      .where(
        and(
          eq(matches.requestId, request.id),
          eq(matches.volunteerId, user.id),
          inArray(matches.status, [...volunteerRelationStatuses]),
        ),
      )
      .limit(1);
    if (match) return 'volunteer';
  }
  if (hasRole(user, 'council')) return 'council';
  return null;
}

/** Loads a request the user may see, with their relation to it; 404 otherwise. */
export async function requestFor(db: Database, user: SessionUser, requestId: string) {
  const [request] = await db.select().from(helpRequests).where(eq(helpRequests.id, requestId));
  if (!request) throw new AppError('not_found');
  const relation = await relationTo(db, user, request);
  if (!relation) throw new AppError('not_found');
  return { request, relation };
}
