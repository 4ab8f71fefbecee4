import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { MatchWithRequest } from '@sasaeai/contracts';
import type { LiveNotice } from '@sasaeai/db/help-loop';
import { helpRequests, matches } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { publishNotices } from '../live/publish.ts';
import { loadMatchesWithRequests } from '../repositories/match-views.ts';
import { auditContactReveal, isActiveVolunteer } from './reveal-contact.ts';

/**
 * After a move on a match: publishes its live notices, then answers with the match as the
 * viewer may see it. Its volunteer, if active, sees the resident's contact once it is accepted,
 * and that reveal is audited — the same for the app and for a one-tap link.
 */
export async function presentMatchAfterMove(
  app: FastifyInstance,
  viewerId: string,
  matchId: string,
  notices: LiveNotice[],
): Promise<MatchWithRequest> {
  await publishNotices(app, notices);
  const [row] = await app.db
    .select({ match: matches, districtId: helpRequests.districtId })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(eq(matches.id, matchId));
  if (!row) throw new AppError('not_found');
  const reveal =
    row.match.volunteerId === viewerId &&
    row.match.status === 'accepted' &&
    (await isActiveVolunteer(app.db, viewerId));
  if (reveal) {
    await auditContactReveal(
      app.db,
      viewerId,
      [{ id: row.match.requestId, districtId: row.districtId }],
      'volunteer',
    );
  }
  const [view] = await loadMatchesWithRequests(
    app.db,
    [row.match],
    new Set(reveal ? [matchId] : []),
  );
  return view!;
}
