import { and, eq } from 'drizzle-orm';
import type { Tx } from '../client.ts';
import { helpRequests, matches, thanks } from '../schema/index.ts';
import { jstInstant, type JstDay } from './time.ts';

export const DEMO_HISTORY_KEY = 'demo-history-1';

/**
 * Last winter the demo volunteer cleared the demo resident's frontage, and was thanked. The
 * matcher's continuity term then puts the demo volunteer first for the demo resident's next
 * request, so a person clicking through the demo can play both sides of the loop.
 */
export async function seedDemoHistory(
  tx: Tx,
  input: { residentId: string; volunteerId: string; districtId: string; today: JstDay },
): Promise<void> {
  const [existing] = await tx
    .select({ id: helpRequests.id })
    .from(helpRequests)
    .where(
      and(
        eq(helpRequests.createdBy, input.residentId),
        eq(helpRequests.idempotencyKey, DEMO_HISTORY_KEY),
      ),
    );
  if (existing) return;
  const start = jstInstant(input.today, -20, 9 * 60);
  const end = jstInstant(input.today, -20, 11 * 60);
  const [request] = await tx
    .insert(helpRequests)
    .values({
      residentId: input.residentId,
      createdBy: input.residentId,
      districtId: input.districtId,
      category: 'snow',
      status: 'done',
      address: '旭川市5条通9丁目3-12',
      windowStart: start,
      windowEnd: end,
      notes: '玄関から道路までの雪かきをお願いします。',
      idempotencyKey: DEMO_HISTORY_KEY,
      createdAt: jstInstant(input.today, -21, 18 * 60),
    })
    .returning({ id: helpRequests.id });
  const [match] = await tx
    .insert(matches)
    .values({
      requestId: request!.id,
      volunteerId: input.volunteerId,
      status: 'completed',
      score: 1,
      bookedDuring: `[${start.toISOString()},${end.toISOString()})`,
      offeredAt: jstInstant(input.today, -21, 19 * 60),
      respondedAt: jstInstant(input.today, -21, 20 * 60),
      completedAt: end,
      minutesSpent: 60,
      wellbeingNote: 'お元気そうでした。',
    })
    .returning({ id: matches.id });
  await tx.insert(thanks).values({
    matchId: match!.id,
    requestId: request!.id,
    fromUserId: input.residentId,
    toUserId: input.volunteerId,
    message: 'いつも ありがとうございます。助かりました。',
  });
}
