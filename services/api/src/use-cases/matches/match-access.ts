import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { helpRequests, matches } from '@sasaeai/db/schema';
import { canActInDistrict, hasRole } from '../../auth/permissions.ts';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

async function loadMatch(db: Database, id: string) {
  const [row] = await db
    .select({ match: matches, districtId: helpRequests.districtId })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(eq(matches.id, id));
  if (!row) throw new AppError('not_found');
  return row;
}

/** The match, for a coordinator of the request's district (or an admin); others learn nothing. */
export async function matchForCoordinator(db: Database, user: SessionUser, id: string) {
  const row = await loadMatch(db, id);
  if (!canActInDistrict(user, row.districtId, ['coordinator', 'admin'])) {
    throw new AppError(hasRole(user, 'coordinator') ? 'forbidden' : 'not_found');
  }
  return row;
}

/** The match, for the volunteer it is for; anyone else gets 404. */
export async function matchForVolunteer(db: Database, user: SessionUser, id: string) {
  const row = await loadMatch(db, id);
  if (row.match.volunteerId !== user.id) throw new AppError('not_found');
  return row;
}
