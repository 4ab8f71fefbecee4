import { and, eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, notifications } from '@sasaeai/db/schema';
import { canActInDistrict } from '../../auth/permissions.ts';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/** A coordinator of the call's district records that the person was phoned (audited). */
export async function markCallDone(
  db: Database,
  user: SessionUser,
  callId: string,
): Promise<{ id: string; status: 'delivered' }> {
  const [call] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, callId), eq(notifications.channel, 'phone_call')));
  if (!call?.districtId) throw new AppError('not_found');
  if (!canActInDistrict(user, call.districtId, ['coordinator', 'admin']))
    throw new AppError('forbidden');
  if (call.status !== 'sent' && call.status !== 'delivered') throw new AppError('conflict');
  await db.transaction(async (tx) => {
    const changed = await tx
      .update(notifications)
      .set({ status: 'delivered' })
      .where(and(eq(notifications.id, call.id), eq(notifications.status, 'sent')))
      .returning({ id: notifications.id });
    if (changed.length === 0) return;
    await tx.insert(auditEvents).values({
      actorId: user.id,
      action: 'notification.called',
      subjectType: 'notification',
      subjectId: call.id,
      districtId: call.districtId,
    });
  });
  return { id: call.id, status: 'delivered' as const };
}
