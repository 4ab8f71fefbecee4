import { and, eq, inArray, notInArray, or } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import { cancelRequest, withdrawVolunteer, type LiveNotice } from '@sasaeai/db/help-loop';
import {
  actionTokens,
  auditEvents,
  concernNotes,
  concernReferrals,
  concerns,
  deletionRequests,
  helpRequests,
  matches,
  residentProfiles,
  seasonPairings,
  sessions,
  thanks,
  users,
  volunteerIntroductions,
  volunteerProfiles,
  winterRegistrations,
} from '@sasaeai/db/schema';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { lockOpenRequest } from './deletion-requests.ts';
import { eraseContactChannels } from './erase-contact-channels.ts';

export const ERASED = '削除済み';

/**
 * Carries out a deletion request: the account is anonymised, not deleted, so the history rows
 * (requests, matches, audit) and the council's figures stay. Live work ends first through the
 * guarded transitions: the person's open requests are cancelled and their live matches as a
 * volunteer withdrawn (so an accepted volunteer loses the address and the request re-matches).
 * The SMS number, LINE id and what they texted go too; `notifications` rows hold ids only.
 */
export async function anonymiseAccount(
  db: Database,
  actor: SessionUser,
  deletionRequestId: string,
): Promise<{ notices: LiveNotice[] }> {
  return db.transaction(async (tx) => {
    const request = await lockOpenRequest(tx, actor, deletionRequestId);
    const userId = request.userId;
    const now = new Date();
    const notices: LiveNotice[] = [];

    const live = await tx
      .select({ id: helpRequests.id })
      .from(helpRequests)
      .where(
        and(
          eq(helpRequests.residentId, userId),
          notInArray(helpRequests.status, ['done', 'cancelled']),
        ),
      );
    for (const { id } of live) notices.push(...(await cancelRequest(tx, id, actor.id)).notices);
    notices.push(...(await withdrawVolunteer(tx, userId, actor.id)).notices);
    await endSeasonPairingsOf(tx, userId, actor.id, now);

    await tx
      .update(users)
      .set({ displayName: ERASED, email: null, passwordHash: null, anonymisedAt: now })
      .where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.delete(actionTokens).where(eq(actionTokens.userId, userId));
    await eraseContactChannels(tx, userId, ERASED);
    await tx
      .update(residentProfiles)
      .set({
        fullName: ERASED,
        fullNameKana: null,
        phone: null,
        address: null,
        // Someone else's name and phone: erased with the resident's own.
        emergencyContactName: null,
        emergencyContactRelation: null,
        emergencyContactPhone: null,
      })
      .where(eq(residentProfiles.userId, userId));
    await tx
      .update(volunteerProfiles)
      .set({
        verification: 'suspended',
        groupName: null,
        representativeName: null,
        equipment: [],
        trusted: false,
        firstTaskWithBuddy: false,
        preferQuiet: false,
      })
      .where(eq(volunteerProfiles.userId, userId));
    // A support worker's organisation and phone: about the person, so it goes with them.
    await tx.delete(volunteerIntroductions).where(eq(volunteerIntroductions.volunteerId, userId));
    await tx
      .update(helpRequests)
      .set({
        address: ERASED,
        notes: null,
        sensitiveNotes: null,
        sensitiveConsentAt: null,
        anonymisedAt: now,
      })
      .where(eq(helpRequests.residentId, userId));
    await tx.update(matches).set({ wellbeingNote: null }).where(eq(matches.volunteerId, userId));
    await tx.update(concerns).set({ note: null }).where(eq(concerns.raisedBy, userId));
    await tx.update(thanks).set({ message: ERASED }).where(eq(thanks.fromUserId, userId));
    // Notes others wrote about this person (a concern about the resident) go too.
    const ownRequests = tx
      .select({ id: helpRequests.id })
      .from(helpRequests)
      .where(eq(helpRequests.residentId, userId));
    await tx.update(concerns).set({ note: null }).where(inArray(concerns.requestId, ownRequests));
    // …and the 見守り case kept on those concerns: its notes and referral notes.
    const casesAbout = tx
      .select({ id: concerns.id })
      .from(concerns)
      .where(inArray(concerns.requestId, ownRequests));
    await tx
      .update(concernNotes)
      .set({ body: ERASED })
      .where(inArray(concernNotes.concernId, casesAbout));
    await tx
      .update(concernReferrals)
      .set({ note: null })
      .where(inArray(concernReferrals.concernId, casesAbout));

    await tx
      .update(deletionRequests)
      .set({ status: 'done', decidedBy: actor.id, decidedAt: now })
      .where(eq(deletionRequests.id, deletionRequestId));
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'account.anonymised',
      subjectType: 'user',
      subjectId: userId,
      districtId: request.districtIds[0] ?? null,
      details: { deletionRequestId },
    });
    return { notices };
  });
}

/** The person's season pairings, as helper or as household, end: no snow is offered on them. */
async function endSeasonPairingsOf(tx: Tx, userId: string, actorId: string, now: Date) {
  const ended = await tx
    .update(seasonPairings)
    .set({ status: 'ended', changedBy: actorId, reason: null, endedAt: now })
    .where(
      and(
        inArray(seasonPairings.status, ['active', 'paused']),
        or(
          eq(seasonPairings.helperId, userId),
          inArray(
            seasonPairings.winterRegistrationId,
            tx
              .select({ id: winterRegistrations.id })
              .from(winterRegistrations)
              .where(eq(winterRegistrations.residentId, userId)),
          ),
        ),
      ),
    )
    .returning({ id: seasonPairings.id });
  if (ended.length === 0) return;
  await tx.insert(auditEvents).values(
    ended.map((row) => ({
      actorId,
      action: 'season_pairing.ended',
      subjectType: 'season_pairing',
      subjectId: row.id,
      details: { by: 'deletion' },
    })),
  );
}
