import { eq, inArray } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { assignVolunteer, type LiveNotice } from '@sasaeai/db/help-loop';
import { candidatesForRequest } from '@sasaeai/db/matching';
import { users, volunteerProfiles } from '@sasaeai/db/schema';
import { supportMarkColumns, supportMarksOf } from '../repositories/support-marks.ts';
import type { Candidate, WaitingForBuddy } from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { translateTransition } from '../errors/transition-errors.ts';

/**
 * Eligible volunteers for a request, best first, with names and the reasons for their score;
 * and those kept out only by the first-task buddy rule, so the coordinator knows they wait.
 */
export async function listCandidates(
  db: Database,
  requestId: string,
): Promise<{ candidates: Candidate[]; waitingForBuddy: WaitingForBuddy[] }> {
  const found = await candidatesForRequest(db, requestId);
  if (!found) throw new AppError('not_found');
  const buddyIds = found.explained
    .filter((e) => e.reasons.length === 1 && e.reasons[0] === 'needs_buddy')
    .map((e) => e.volunteerId);
  const ids = [...found.ranked.map((r) => r.volunteerId), ...buddyIds];
  if (ids.length === 0) return { candidates: [], waitingForBuddy: [] };
  const people = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      kind: volunteerProfiles.kind,
      headcount: volunteerProfiles.headcount,
      groupName: volunteerProfiles.groupName,
      ...supportMarkColumns,
    })
    .from(users)
    .innerJoin(volunteerProfiles, eq(volunteerProfiles.userId, users.id))
    .where(inArray(users.id, ids));
  const byId = new Map(people.map((p) => [p.id, p]));
  const ref = (id: string) => {
    const person = byId.get(id)!;
    return {
      id: person.id,
      displayName: person.groupName ?? person.displayName,
      kind: person.kind,
      headcount: person.headcount,
    };
  };
  return {
    candidates: found.ranked.map((ranked) => ({
      volunteer: ref(ranked.volunteerId),
      score: ranked.score,
      breakdown: ranked.breakdown,
      fromNeighbour: found.fromNeighbours.has(ranked.volunteerId),
      support: supportMarksOf(byId.get(ranked.volunteerId)!),
    })),
    waitingForBuddy: buddyIds.map((id) => ({
      volunteer: ref(id),
      reason: 'needs_buddy' as const,
    })),
  };
}

/**
 * A coordinator assigns by hand from the ranked list: only an eligible volunteer (checked again
 * under the volunteer's lock), and the offer goes straight to them — the choice is the approval.
 */
export async function assignFromCandidates(
  db: Database,
  requestId: string,
  volunteerId: string,
  actorId: string,
): Promise<{ matchId: string; notices: LiveNotice[] }> {
  return translateTransition(
    assignVolunteer(db, { requestId, volunteerId, actorId }, async (tx) => {
      const found = await candidatesForRequest(tx, requestId);
      if (!found) throw new AppError('not_found');
      const chosen = found.ranked.find((r) => r.volunteerId === volunteerId);
      if (!chosen) {
        throw new AppError('conflict', {
          ja: 'この担い手には、いまこの依頼をお願いできません（地区・時間・予定・確認状況など）。',
          en: 'This volunteer cannot take this request now (district, time, bookings or verification).',
        });
      }
      return { score: chosen.score, breakdown: chosen.breakdown };
    }),
  );
}
