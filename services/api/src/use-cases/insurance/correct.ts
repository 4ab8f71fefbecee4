import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { refreshInsuranceCover } from '@sasaeai/db';
import { auditEvents, insuranceEnrolments } from '@sasaeai/db/schema';
import type { InsuranceCorrectionBody } from '@sasaeai/contracts';
import { fiscalYearOfDate, insuranceCoversUntil, jstToday } from '@sasaeai/core';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { activePlan, checkEnrolledOn, hasLaterEnrolment, lockEnrolment } from './record.ts';

/**
 * The centre corrects an enrolment's plan or date (a migrated one becomes the centre's record,
 * covering to 31 March). Audited with the names of the fields that changed.
 */
export async function correctEnrolment(
  db: Database,
  actor: SessionUser,
  enrolmentId: string,
  body: InsuranceCorrectionBody,
  now = new Date(),
): Promise<void> {
  const today = jstToday(now);
  await db.transaction(async (tx) => {
    const row = await lockEnrolment(tx, actor, enrolmentId);
    checkEnrolledOn(row.fiscal_year, body.enrolledOn, today);
    await activePlan(tx, body.planId);
    const fields = [
      ...(row.plan_id === body.planId ? [] : ['planId']),
      ...(row.enrolled_on === body.enrolledOn ? [] : ['enrolledOn']),
    ];
    await tx
      .update(insuranceEnrolments)
      .set({
        planId: body.planId,
        enrolledOn: body.enrolledOn,
        coversUntil: insuranceCoversUntil(row.fiscal_year),
        source: 'centre',
        recordedBy: actor.id,
        recordedAt: now,
      })
      .where(eq(insuranceEnrolments.id, row.id));
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'insurance.corrected',
      subjectType: 'volunteer',
      subjectId: row.volunteer_id,
      districtId: row.district_id,
      details: { enrolmentId: row.id, fiscalYear: row.fiscal_year, fields },
    });
    await refreshInsuranceCover(tx, [row.volunteer_id]);
  });
}

/**
 * The centre removes a record made in error. Not this year's while next year's exists: the
 * derived expiry would then cover a year without insurance.
 */
export async function removeEnrolment(
  db: Database,
  actor: SessionUser,
  enrolmentId: string,
  now = new Date(),
): Promise<void> {
  const today = jstToday(now);
  await db.transaction(async (tx) => {
    const row = await lockEnrolment(tx, actor, enrolmentId);
    if (
      row.fiscal_year >= fiscalYearOfDate(today) &&
      (await hasLaterEnrolment(tx, row.volunteer_id, row.fiscal_year))
    ) {
      throw new AppError('conflict', {
        ja: '来年度の 加入が 記録されています。先に そちらを 取り消してください。',
        en: 'Next year’s enrolment is recorded; remove that one first.',
      });
    }
    await tx.delete(insuranceEnrolments).where(eq(insuranceEnrolments.id, row.id));
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'insurance.removed',
      subjectType: 'volunteer',
      subjectId: row.volunteer_id,
      districtId: row.district_id,
      details: { enrolmentId: row.id, fiscalYear: row.fiscal_year },
    });
    await refreshInsuranceCover(tx, [row.volunteer_id]);
  });
}
