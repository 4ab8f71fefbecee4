/**
 * A snow request in 中央 offered to a volunteer (proposed, then approved by a coordinator of
 * 中央) straight in the database, for browser tests that start from an offer or a task.
 */
import type { TestServer } from '@sasaeai/api/test-helper';
import { acceptOffer, approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { helpRequests } from '@sasaeai/db/schema';
import {
  CHUO_ADDRESS,
  districtIdOf,
  makeResident,
} from '../../services/api/test/help-loop-fixtures.ts';
import { seedUser } from './server.ts';

const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};

export async function offeredTask(
  server: TestServer,
  options: { volunteerId: string; startsInHours: number; accept?: boolean },
) {
  const database = server.database;
  const resident = await makeResident(database);
  const coordinator = await seedUser(server, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  const start = new Date(Date.now() + options.startsInHours * 3_600_000);
  const [request] = await database.db
    .insert(helpRequests)
    .values({
      residentId: resident.id,
      createdBy: resident.id,
      districtId: await districtIdOf(database, 'chuo'),
      category: 'snow',
      address: CHUO_ADDRESS,
      windowStart: start,
      windowEnd: new Date(start.getTime() + 3 * 3_600_000),
      matchingSince: new Date(),
      status: 'matching',
    })
    .returning({ id: helpRequests.id });
  const { matchId } = await proposeMatch(database.db, {
    requestId: request!.id,
    volunteerId: options.volunteerId,
    score: 2,
    breakdown,
  });
  await approveMatch(database.db, matchId!, coordinator.id);
  if (options.accept) await acceptOffer(database.db, matchId!, options.volunteerId);
  return { resident, requestId: request!.id, matchId: matchId! };
}
