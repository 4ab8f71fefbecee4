import { eq } from 'drizzle-orm';
import type { TestDatabase } from '@sasaeai/db/testing';
import { acceptOffer, approveMatch, completeMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { concerns } from '@sasaeai/db/schema';
import { createHelpRequest } from '../src/use-cases/create-help-request.ts';
import { loadSessionUser } from '../src/repositories/users-repository.ts';
import {
  CHUO_ADDRESS,
  jstDate,
  makeResident,
  makeVolunteer,
  snowRequest,
} from './help-loop-fixtures.ts';

let day = 0;

/**
 * A 見守り concern raised the way the app raises one: a resident's request in `district` done by
 * a volunteer who ticks 「心配です」. Returns the concern's id.
 */
export async function makeConcern(
  database: TestDatabase,
  district = 'chuo',
  address = CHUO_ADDRESS,
): Promise<{ concernId: string; requestId: string; residentId: string }> {
  const resident = await makeResident(database, address, district);
  const volunteer = await makeVolunteer(database, district);
  const actor = (await loadSessionUser(database.db, resident.id))!;
  day += 1;
  const { requestId } = await createHelpRequest(database.db, {
    actor,
    now: new Date(Date.now() - 400 * 86_400_000),
    body: {
      ...snowRequest({ when: { kind: 'window', date: jstDate(-day), from: '08:00', to: '11:00' } }),
      peopleNeeded: 1,
      urgency: 'normal',
      sensitiveConsent: false,
    } as never,
  });
  const { matchId } = await proposeMatch(database.db, {
    requestId,
    volunteerId: volunteer.id,
    score: 1,
    breakdown: { total: 1, terms: [{ term: 'distance', points: 1, detail: '同じ地区' }] },
  });
  await approveMatch(database.db, matchId!, resident.id);
  await acceptOffer(database.db, matchId!, volunteer.id);
  await completeMatch(database.db, {
    matchId: matchId!,
    volunteerId: volunteer.id,
    minutesSpent: 30,
    concern: true,
    wellbeingNote: '少し元気がない様子でした',
  });
  const [concern] = await database.db
    .select({ id: concerns.id })
    .from(concerns)
    .where(eq(concerns.requestId, requestId));
  return { concernId: concern!.id, requestId, residentId: resident.id };
}
