import { eq } from 'drizzle-orm';
import type { OfferTask } from '@sasaeai/contracts';
import type { OfferForLink } from '@sasaeai/core';
import type { DbOrTx } from '@sasaeai/db/client';
import { ActionLinkError, type ActionToken } from '@sasaeai/db/action-links';
import { districts, helpRequests, matches, volunteerProfiles } from '@sasaeai/db/schema';

export interface OfferForLinkRow extends OfferForLink {
  volunteerId: string;
  task: OfferTask;
}

/** An offer as its one-tap link shows it: the task without the resident's name or address. */
export async function loadOfferForLink(
  db: DbOrTx,
  matchId: string,
): Promise<OfferForLinkRow | null> {
  const [row] = await db
    .select({
      status: matches.status,
      offerExpiresAt: matches.offerExpiresAt,
      volunteerId: matches.volunteerId,
      verification: volunteerProfiles.verification,
      category: helpRequests.category,
      district: districts.code,
      districtName: districts.name,
      districtNameEn: districts.nameEn,
      windowStart: helpRequests.windowStart,
      windowEnd: helpRequests.windowEnd,
      asSoonAsPossible: helpRequests.asSoonAsPossible,
      peopleNeeded: helpRequests.peopleNeeded,
      urgency: helpRequests.urgency,
      notes: helpRequests.notes,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .innerJoin(districts, eq(districts.id, helpRequests.districtId))
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, matches.volunteerId))
    .where(eq(matches.id, matchId));
  if (!row) return null;
  return {
    status: row.status,
    offerExpiresAt: row.offerExpiresAt,
    volunteerId: row.volunteerId,
    // A volunteer whose profile is gone cannot help any more.
    verification: row.verification ?? 'suspended',
    task: {
      category: row.category,
      district: row.district,
      districtName: row.districtName,
      districtNameEn: row.districtNameEn,
      windowStart: row.windowStart.toISOString(),
      windowEnd: row.windowEnd.toISOString(),
      asSoonAsPossible: row.asSoonAsPossible,
      peopleNeeded: row.peopleNeeded,
      urgency: row.urgency,
      notes: row.notes,
    },
  };
}

/** The offer behind a checked link; a link whose match is gone or not its volunteer's is invalid. */
export async function offerOfLink(db: DbOrTx, link: ActionToken) {
  const offer = link.matchId ? await loadOfferForLink(db, link.matchId) : null;
  if (!offer || offer.volunteerId !== link.userId) throw new ActionLinkError('invalid');
  return { ...offer, matchId: link.matchId! };
}
