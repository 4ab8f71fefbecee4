import { helpRequests, matches } from '@sasaeai/db/schema';
import type { TestDatabase } from '@sasaeai/db/testing';
import { CHUO_ADDRESS } from './help-loop-fixtures.ts';

/** A completed task straight in the database: `start` in Japan time, `minutes` as recorded. */
export async function completedTask(
  database: TestDatabase,
  input: {
    residentId: string;
    volunteerId: string;
    districtId: string;
    start: string;
    windowMinutes: number;
    minutes: number | null;
    exclusive?: boolean;
  },
) {
  const windowStart = new Date(`${input.start}+09:00`);
  const windowEnd = new Date(windowStart.getTime() + input.windowMinutes * 60_000);
  const [request] = await database.db
    .insert(helpRequests)
    .values({
      residentId: input.residentId,
      createdBy: input.residentId,
      districtId: input.districtId,
      category: 'snow',
      status: 'done',
      address: CHUO_ADDRESS,
      windowStart,
      windowEnd,
    })
    .returning({ id: helpRequests.id });
  await database.db.insert(matches).values({
    requestId: request!.id,
    volunteerId: input.volunteerId,
    status: 'completed',
    bookedDuring: `[${windowStart.toISOString()},${windowEnd.toISOString()})`,
    exclusive: input.exclusive ?? true,
    completedAt: windowEnd,
    minutesSpent: input.minutes,
  });
  return request!.id;
}
