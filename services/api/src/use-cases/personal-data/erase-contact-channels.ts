import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Tx } from '@sasaeai/db/client';
import { inboundMessages, notificationPreferences } from '@sasaeai/db/schema';

/**
 * The ways a leaving person was reached and what they sent: their notification preferences
 * (SMS number, LINE user id, link code) are deleted, and every inbound SMS / LINE message of
 * theirs — matched to them, or from their number or LINE id before it was theirs on record (not
 * a family member's who shares the phone and stays) — keeps its row (what was answered and how)
 * but loses its text and sender.
 */
export async function eraseContactChannels(tx: Tx, userId: string, erased: string): Promise<void> {
  const [preferences] = await tx
    .delete(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))
    .returning({
      smsPhone: notificationPreferences.smsPhone,
      lineUserId: notificationPreferences.lineUserId,
    });
  const senders = [preferences?.smsPhone, preferences?.lineUserId].filter(
    (sender): sender is string => typeof sender === 'string' && sender !== '',
  );
  await tx
    .update(inboundMessages)
    .set({ sender: erased, body: erased })
    .where(
      senders.length > 0
        ? or(
            eq(inboundMessages.userId, userId),
            and(isNull(inboundMessages.userId), inArray(inboundMessages.sender, senders)),
          )
        : eq(inboundMessages.userId, userId),
    );
}
