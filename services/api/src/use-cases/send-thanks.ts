import { and, eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { enqueueOutbox, type LiveNotice } from '@sasaeai/db/help-loop';
import { matches, thanks } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';

/** Thanks every volunteer who completed the request and has not been thanked yet. */
export async function sendThanks(
  db: Database,
  requestId: string,
  residentId: string,
  message: string,
): Promise<LiveNotice[]> {
  const completed = await db
    .select({ id: matches.id, volunteerId: matches.volunteerId })
    .from(matches)
    .where(and(eq(matches.requestId, requestId), eq(matches.status, 'completed')));
  if (completed.length === 0) {
    throw new AppError('conflict', {
      ja: 'お手伝いが終わってから、お礼を送れます。',
      en: 'Thanks can be sent once the help is done.',
    });
  }
  // The thanks and the outbox rows that tell each volunteer commit together.
  const inserted = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(thanks)
      .values(
        completed.map((match) => ({
          matchId: match.id,
          requestId,
          fromUserId: residentId,
          toUserId: match.volunteerId,
          message,
        })),
      )
      .onConflictDoNothing({ target: thanks.matchId })
      .returning({ matchId: thanks.matchId, toUserId: thanks.toUserId });
    await enqueueOutbox(
      tx,
      rows.map((row) => ({
        topic: 'thanks.sent' as const,
        payload: { matchId: row.matchId, requestId },
      })),
    );
    return rows;
  });
  if (inserted.length === 0) {
    throw new AppError('conflict', {
      ja: 'お礼はもう送りました。',
      en: 'Thanks were already sent.',
    });
  }
  return inserted.map((row) => ({
    audience: { userId: row.toUserId },
    event: { type: 'match.changed' as const, matchId: row.matchId, status: 'completed' },
  }));
}
