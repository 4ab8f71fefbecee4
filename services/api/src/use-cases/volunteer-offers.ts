import { and, desc, eq, inArray } from 'drizzle-orm';
import type { MatchList } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { helpRequests, matches } from '@sasaeai/db/schema';
import type { z } from 'zod';
import { loadMatchesWithRequests } from '../repositories/match-views.ts';
import { auditContactReveal, isActiveVolunteer } from './reveal-contact.ts';

/**
 * A volunteer's offers to answer, accepted tasks and recent ones (newest 100). An active
 * volunteer's accepted tasks carry the resident's contact, and each of those reveals is audited.
 */
export async function listVolunteerOffers(
  db: Database,
  volunteerId: string,
): Promise<z.infer<typeof MatchList>> {
  const rows = await db
    .select({ match: matches, districtId: helpRequests.districtId })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(
      and(
        eq(matches.volunteerId, volunteerId),
        inArray(matches.status, ['offered', 'accepted', 'completed']),
      ),
    )
    .orderBy(desc(matches.updatedAt))
    .limit(100);
  const active = await isActiveVolunteer(db, volunteerId);
  const accepted = active ? rows.filter((row) => row.match.status === 'accepted') : [];
  await auditContactReveal(
    db,
    volunteerId,
    accepted.map((row) => ({ id: row.match.requestId, districtId: row.districtId })),
    'volunteer',
  );
  return {
    matches: await loadMatchesWithRequests(
      db,
      rows.map((row) => row.match),
      new Set(accepted.map((row) => row.match.id)),
    ),
  };
}
