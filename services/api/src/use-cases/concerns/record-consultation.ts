import type { ConsultationBody } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, consultations } from '@sasaeai/db/schema';
import { AppError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import { districtIdsByCode, type SessionUser } from '../../repositories/users-repository.ts';

/**
 * A coordinator of the district (or an admin) records a 相談 received outside any case; it
 * counts toward V3-1-b. The audit row names the record, never its words.
 */
export async function recordConsultation(
  db: Database,
  user: SessionUser,
  districtCode: string,
  body: ConsultationBody,
): Promise<{ id: string }> {
  const districtId = (await districtIdsByCode(db, [districtCode])).get(districtCode);
  if (!districtId) throw new AppError('not_found');
  if (!canActInDistrict(user, districtId, ['coordinator', 'admin'])) {
    throw new AppError('forbidden');
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(consultations)
      .values({ districtId, recordedBy: user.id, summary: body.summary })
      .returning({ id: consultations.id });
    if (!row) throw new AppError('internal');
    await tx.insert(auditEvents).values({
      actorId: user.id,
      action: 'consultation.recorded',
      subjectType: 'consultation',
      subjectId: row.id,
      districtId,
      details: { fields: ['summary'] },
    });
    return { id: row.id };
  });
}
