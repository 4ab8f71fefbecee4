import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Tx } from '@sasaeai/db/client';
import { inboundMessages, notificationPreferences, notifications } from '@sasaeai/db/schema';

/**
 * The ways a leaving person was reached and what they sent: their notification preferences
 * (SMS number, LINE user id, link code) are deleted, and every inbound SMS / LINE message of
 * theirs — matched to them, or from their number or LINE id before it was theirs on record (not
 * a family member's who shares the phone and stays) — keeps its row (what was answered and how)
 * but loses its text and sender. What was still to reach them — queued notifications and calls
 * on the coordinators' list not yet made — ends `skipped` (`anonymised`).
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
  await tx
    .update(notifications)
    .set({ status: 'skipped', lastError: 'anonymised', updatedAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        or(
          eq(notifications.status, 'queued'),
          and(eq(notifications.channel, 'phone_call'), eq(notifications.status, 'sent')),
        ),
      ),
    );
}
