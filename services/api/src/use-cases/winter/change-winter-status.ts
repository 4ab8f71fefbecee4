import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, winterRegistrations } from '@sasaeai/db/schema';
import type { WinterRegistration, WinterRegistrationStatus } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { toWinterView } from './registration-view.ts';
import { residentOf } from './register-for-winter.ts';

const allowed: Record<WinterRegistrationStatus, WinterRegistrationStatus[]> = {
  active: ['paused', 'ended'],
  paused: ['active', 'ended'],
  ended: [],
};

/**
 * Pause, resume or end a registration: its resident, or a coordinator of the resident's
 * district. Anyone else is told it does not exist.
 */
export async function changeWinterStatus(
  db: Database,
  actor: SessionUser,
  registrationId: string,
  status: WinterRegistrationStatus,
): Promise<WinterRegistration> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(winterRegistrations)
      .where(eq(winterRegistrations.id, registrationId))
      .for('update');
    if (!row) throw new AppError('not_found');
    const resident = await residentOf(db, row.residentId);
    const isOwner = row.residentId === actor.id;
    const coordinates =
      !!resident?.districtId &&
      canActInDistrict(actor, resident.districtId, ['coordinator', 'admin']);
    if (!isOwner && !coordinates) throw new AppError('not_found');
    if (row.status === status) return toWinterView(row, resident?.district ?? null);
    if (!allowed[row.status].includes(status)) {
      throw new AppError('conflict', {
        ja: '終了した登録は変更できません。',
        en: 'An ended registration cannot be changed.',
      });
    }
    const [updated] = await tx
      .update(winterRegistrations)
      .set({ status })
      .where(eq(winterRegistrations.id, registrationId))
      .returning();
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: `winter_registration.${status}`,
      subjectType: 'winter_registration',
      subjectId: registrationId,
      districtId: resident?.districtId ?? null,
      details: { from: row.status },
    });
    return toWinterView(updated!, resident?.district ?? null);
  });
}
