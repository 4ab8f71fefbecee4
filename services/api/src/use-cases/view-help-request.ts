import { and, eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { helpRequests, matches } from '@sasaeai/db/schema';
import type { HelpRequestView } from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { loadRequestViews, type Relation } from '../repositories/help-request-views.ts';
import { auditContactReveal, isActiveVolunteer } from './reveal-contact.ts';

/**
 * One request as this viewer may see it. The resident's contact is shown to the district's
 * coordinators and to an active volunteer whose match on it is accepted; each reveal is audited.
 */
export async function viewHelpRequest(
  db: Database,
  viewerId: string,
  requestId: string,
  relation: Relation,
): Promise<HelpRequestView> {
  const [row] = await db.select().from(helpRequests).where(eq(helpRequests.id, requestId));
  if (!row) throw new AppError('not_found');
  let revealContact = relation === 'coordinator';
  if (relation === 'volunteer') {
    const [accepted] = await db
      .select({ id: matches.id })
      .from(matches)
      .where(
        and(
          eq(matches.requestId, requestId),
          eq(matches.volunteerId, viewerId),
          eq(matches.status, 'accepted'),
        ),
      );
    revealContact = !!accepted && (await isActiveVolunteer(db, viewerId));
  }
  if (revealContact) {
    await auditContactReveal(
      db,
      viewerId,
      [row],
      relation === 'volunteer' ? 'volunteer' : 'coordinator',
    );
  }
  const [view] = await loadRequestViews(db, [row], { relation, viewerId, revealContact });
  return view!;
}
