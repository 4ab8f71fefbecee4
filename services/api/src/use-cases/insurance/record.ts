import { and, eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '@sasaeai/db/client';
import { refreshInsuranceCover } from '@sasaeai/db';
import { auditEvents, insuranceEnrolments, insurancePlans } from '@sasaeai/db/schema';
import type { InsuranceEnrolmentBody, InsuranceRecorded } from '@sasaeai/contracts';
import {
  enrolmentDateRange,
  fiscalYearOfDate,
  insuranceCoversUntil,
  jstToday,
} from '@sasaeai/core';
import { AppError, fieldError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { auditDistrictOf, volunteersInScope } from './scope.ts';

/** The fiscal year must be this one or, from 1 March, the next; the date inside its range. */
export function checkYearAndDate(fiscalYear: number, enrolledOn: string, today: string): void {
  const current = fiscalYearOfDate(today);
  if (fiscalYear !== current && fiscalYear !== current + 1) {
    throw fieldError(
      'body.fiscalYear',
      '今年度か 来年度を 選んでください。',
      'Choose this fiscal year or the next.',
    );
  }
  checkEnrolledOn(fiscalYear, enrolledOn, today);
}

/** The enrolment date: today or earlier, within its fiscal year (from 1 March before it). */
export function checkEnrolledOn(fiscalYear: number, enrolledOn: string, today: string): void {
  const range = enrolmentDateRange(fiscalYear);
  if (enrolledOn < range.from || enrolledOn > range.to || enrolledOn > today) {
    throw fieldError(
      'body.enrolledOn',
      '加入日は 今日以前で、その年度（前の年の 3月1日から）の 日付に してください。',
      'The enrolment date must be today or earlier and within that fiscal year (from 1 March before it).',
    );
  }
}

export async function activePlan(db: DbOrTx, planId: string): Promise<{ id: string }> {
  const [plan] = await db
    .select({ id: insurancePlans.id, active: insurancePlans.active })
    .from(insurancePlans)
    .where(eq(insurancePlans.id, planId));
  if (!plan?.active) {
    throw fieldError('body.planId', 'この プランは 選べません。', 'This plan cannot be chosen.');
  }
  return plan;
}

/** Locks the volunteers in the actor's scope; any other id (unknown or elsewhere) is a 404. */
async function lockVolunteers(db: DbOrTx, actor: SessionUser, ids: readonly string[]) {
  const rows = await db.execute<{ id: string; district_id: string | null }>(sql`
    select vp.user_id::text as id, ${auditDistrictOf(actor)}::text as district_id
    from volunteer_profiles vp join users u on u.id = vp.user_id
    where vp.user_id = any(${sql.param([...ids])}::uuid[])
      and u.anonymised_at is null and ${volunteersInScope(actor)}
    order by vp.user_id
    for update of vp`);
  if (rows.length !== ids.length) throw new AppError('not_found');
  return rows;
}

/**
 * The centre enrols one or several volunteers for a fiscal year, all or nothing. A volunteer
 * the centre already enrolled for that year is a 409 (correct that record instead); a migrated
 * self-declared date for the year is replaced. A next-year enrolment needs this year's full
 * cover, so the derived expiry never jumps a year without insurance.
 */
export async function recordEnrolments(
  db: Database,
  actor: SessionUser,
  body: InsuranceEnrolmentBody,
  now = new Date(),
): Promise<InsuranceRecorded> {
  const today = jstToday(now);
  checkYearAndDate(body.fiscalYear, body.enrolledOn, today);
  const ids = [...new Set(body.volunteerIds)];
  await db.transaction(async (tx) => {
    const plan = await activePlan(tx, body.planId);
    const volunteers = await lockVolunteers(tx, actor, ids);
    if (body.fiscalYear > fiscalYearOfDate(today)) {
      const [{ covered } = { covered: 0 }] = await tx.execute<{ covered: number }>(sql`
        select count(*)::int as covered from insurance_enrolments
        where volunteer_id = any(${sql.param(ids)}::uuid[]) and fiscal_year = ${body.fiscalYear - 1}
          and covers_until = ${insuranceCoversUntil(body.fiscalYear - 1)}::date`);
      if (covered !== ids.length) {
        throw fieldError(
          'body.fiscalYear',
          '今年度の 保険が ない方は、先に 今年度の 加入を 記録してください。',
          'Record this fiscal year’s enrolment first for those without one.',
        );
      }
    }
    const values = {
      fiscalYear: body.fiscalYear,
      planId: plan.id,
      enrolledOn: body.enrolledOn,
      coversUntil: insuranceCoversUntil(body.fiscalYear),
      source: 'centre',
      recordedBy: actor.id,
      recordedAt: now,
    };
    const written = await tx
      .insert(insuranceEnrolments)
      .values(ids.map((volunteerId) => ({ volunteerId, ...values })))
      .onConflictDoUpdate({
        target: [insuranceEnrolments.volunteerId, insuranceEnrolments.fiscalYear],
        set: values,
        setWhere: sql`${insuranceEnrolments.source} = 'migrated'`,
      })
      .returning({ id: insuranceEnrolments.id, volunteerId: insuranceEnrolments.volunteerId });
    if (written.length !== ids.length) {
      throw new AppError('conflict', {
        ja: 'この年度の 加入が すでに 記録されている方が います。その記録を 直してください。',
        en: 'Some of them are already enrolled for this fiscal year; correct that record instead.',
      });
    }
    const districtOf = new Map(volunteers.map((v) => [v.id, v.district_id]));
    await tx.insert(auditEvents).values(
      written.map((row) => ({
        actorId: actor.id,
        action: 'insurance.enrolled',
        subjectType: 'volunteer',
        subjectId: row.volunteerId,
        districtId: districtOf.get(row.volunteerId) ?? null,
        details: { enrolmentId: row.id, fiscalYear: body.fiscalYear, planId: plan.id },
      })),
    );
    await refreshInsuranceCover(tx, ids);
  });
  return { recorded: ids.length };
}

/** An enrolment of a volunteer in the actor's scope, locked; anything else is a 404. */
export async function lockEnrolment(db: DbOrTx, actor: SessionUser, enrolmentId: string) {
  const [row] = await db.execute<{
    id: string;
    volunteer_id: string;
    fiscal_year: number;
    plan_id: string | null;
    enrolled_on: string | null;
    district_id: string | null;
  }>(sql`
    select e.id::text as id, e.volunteer_id::text as volunteer_id, e.fiscal_year,
      e.plan_id::text as plan_id, e.enrolled_on::text as enrolled_on,
      ${auditDistrictOf(actor)}::text as district_id
    from insurance_enrolments e join volunteer_profiles vp on vp.user_id = e.volunteer_id
    where e.id = ${enrolmentId} and ${volunteersInScope(actor)}
    for update of e`);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function hasLaterEnrolment(
  db: DbOrTx,
  volunteerId: string,
  fiscalYear: number,
): Promise<boolean> {
  const rows = await db
    .select({ id: insuranceEnrolments.id })
    .from(insuranceEnrolments)
    .where(
      and(
        eq(insuranceEnrolments.volunteerId, volunteerId),
        eq(insuranceEnrolments.fiscalYear, fiscalYear + 1),
      ),
    );
  return rows.length > 0;
}
