import { eq, inArray } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { approveMatch, TransitionError, type LiveNotice } from '@sasaeai/db/help-loop';
import { helpRequests, matches, users } from '@sasaeai/db/schema';
import type { BulkApproveResult } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import { transitionMessage } from '../../errors/transition-errors.ts';
import { canActInDistrict, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/**
 * Approves each proposal through the same guarded `approveMatch` as one approval, one
 * transaction each, in the order given. Who may is checked for all of them first: one of another
 * district (or unknown) refuses the whole batch before anything changes. A proposal that can no
 * longer be approved (taken back, booked meanwhile, request full) is reported with why while
 * the others go through: each is a separate decision about a separate person.
 */
export async function approveMany(
  db: Database,
  user: SessionUser,
  matchIds: readonly string[],
): Promise<BulkApproveResult & { notices: LiveNotice[] }> {
  const ids = [...new Set(matchIds)];
  const rows = await db
    .select({
      matchId: matches.id,
      districtId: helpRequests.districtId,
      volunteerName: users.displayName,
      request: {
        id: helpRequests.id,
        category: helpRequests.category,
        windowStart: helpRequests.windowStart,
        windowEnd: helpRequests.windowEnd,
        asSoonAsPossible: helpRequests.asSoonAsPossible,
      },
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .innerJoin(users, eq(users.id, matches.volunteerId))
    .where(inArray(matches.id, ids));
  if (rows.length !== ids.length) throw new AppError('not_found');
  if (rows.some((row) => !canActInDistrict(user, row.districtId, ['coordinator', 'admin']))) {
    throw new AppError(hasRole(user, 'coordinator') ? 'forbidden' : 'not_found');
  }
  const byId = new Map(rows.map((row) => [row.matchId, row]));
  const approved: string[] = [];
  const failed: BulkApproveResult['failed'] = [];
  const notices: LiveNotice[] = [];
  for (const id of ids) {
    try {
      const result = await approveMatch(db, id, user.id);
      notices.push(...result.notices);
      approved.push(id);
    } catch (error) {
      if (!(error instanceof TransitionError)) throw error;
      const row = byId.get(id)!;
      failed.push({
        matchId: id,
        volunteerName: row.volunteerName,
        request: {
          ...row.request,
          windowStart: row.request.windowStart.toISOString(),
          windowEnd: row.request.windowEnd.toISOString(),
        },
        reason: error.reason,
        message: transitionMessage(error.reason),
      });
    }
  }
  return { approved, failed, notices };
}
