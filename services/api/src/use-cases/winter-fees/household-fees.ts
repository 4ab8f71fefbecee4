import { and, asc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from '@sasaeai/db/client';
import {
  auditEvents,
  districts,
  residentProfiles,
  users,
  winterFeeAssignments,
  winterFeeClasses,
  winterPayments,
} from '@sasaeai/db/schema';
import type {
  WinterFeeAssignmentBody,
  WinterHouseholdFees,
  WinterPaymentBody,
  WinterPaymentVoidBody,
} from '@sasaeai/contracts';
import { jstToday } from '@sasaeai/core';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { feeClassColumns } from './fee-classes.ts';

/**
 * The household if the actor is a coordinator of its district (or an admin); anyone else, and
 * a resident of another district, gets 404 — the record's existence is not told.
 */
async function householdFor(db: DbOrTx, actor: SessionUser, residentId: string) {
  const [row] = await db
    .select({
      residentId: residentProfiles.userId,
      fullName: residentProfiles.fullName,
      districtId: residentProfiles.districtId,
      district: districts.code,
    })
    .from(residentProfiles)
    .innerJoin(districts, eq(districts.id, residentProfiles.districtId))
    .where(eq(residentProfiles.userId, residentId));
  if (!row?.districtId || !canActInDistrict(actor, row.districtId, ['coordinator', 'admin'])) {
    throw new AppError('not_found');
  }
  return { ...row, districtId: row.districtId };
}

/** A household's fee class, fee and payments for one season (the centre's view). */
export async function viewHouseholdFees(
  db: DbOrTx,
  actor: SessionUser,
  residentId: string,
  seasonYear: number,
): Promise<WinterHouseholdFees> {
  const household = await householdFor(db, actor, residentId);
  const [assignment] = await db
    .select({ feeClass: feeClassColumns, seasonFeeYen: winterFeeAssignments.seasonFeeYen })
    .from(winterFeeAssignments)
    .innerJoin(winterFeeClasses, eq(winterFeeClasses.id, winterFeeAssignments.feeClassId))
    .where(
      and(
        eq(winterFeeAssignments.residentId, residentId),
        eq(winterFeeAssignments.seasonYear, seasonYear),
      ),
    );
  const voider = alias(users, 'voider');
  const payments = await db
    .select({
      id: winterPayments.id,
      amountYen: winterPayments.amountYen,
      paidOn: winterPayments.paidOn,
      method: winterPayments.method,
      recordedBy: users.displayName,
      recordedAt: winterPayments.createdAt,
      voidedAt: winterPayments.voidedAt,
      voidedBy: voider.displayName,
      voidReason: winterPayments.voidReason,
    })
    .from(winterPayments)
    .innerJoin(users, eq(users.id, winterPayments.recordedBy))
    .leftJoin(voider, eq(voider.id, winterPayments.voidedBy))
    .where(
      and(eq(winterPayments.residentId, residentId), eq(winterPayments.seasonYear, seasonYear)),
    )
    .orderBy(asc(winterPayments.paidOn), asc(winterPayments.createdAt));
  return {
    residentId,
    fullName: household.fullName,
    district: household.district,
    seasonYear,
    feeClass: assignment?.feeClass ?? null,
    seasonFeeYen: assignment?.seasonFeeYen ?? null,
    paidYen: payments.reduce((total, p) => total + (p.voidedAt ? 0 : p.amountYen), 0),
    payments: payments.map(({ voidedAt, voidedBy, voidReason, ...p }) => ({
      ...p,
      recordedAt: p.recordedAt.toISOString(),
      voided: voidedAt
        ? { at: voidedAt.toISOString(), by: voidedBy ?? '', reason: voidReason ?? '' }
        : null,
    })),
  };
}

/**
 * The centre sets (or changes) a household's fee class for a season; the class's fee is copied
 * so a later change of the class does not alter it. A retired class is refused.
 */
export async function setHouseholdFeeClass(
  db: Database,
  actor: SessionUser,
  residentId: string,
  body: WinterFeeAssignmentBody,
): Promise<WinterHouseholdFees> {
  const household = await householdFor(db, actor, residentId);
  await db.transaction(async (tx) => {
    const [feeClass] = await tx
      .select(feeClassColumns)
      .from(winterFeeClasses)
      .where(eq(winterFeeClasses.id, body.feeClassId));
    if (!feeClass?.active) {
      throw fieldError(
        'body.feeClassId',
        'この 料金区分は 選べません。',
        'This fee class cannot be chosen.',
      );
    }
    const values = {
      feeClassId: feeClass.id,
      seasonFeeYen: feeClass.seasonFeeYen,
      setBy: actor.id,
    };
    await tx
      .insert(winterFeeAssignments)
      .values({ residentId, seasonYear: body.seasonYear, ...values })
      .onConflictDoUpdate({
        target: [winterFeeAssignments.residentId, winterFeeAssignments.seasonYear],
        set: values,
      });
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'winter_fee.class_set',
      subjectType: 'resident',
      subjectId: residentId,
      districtId: household.districtId,
      details: {
        seasonYear: body.seasonYear,
        feeClass: feeClass.code,
        seasonFeeYen: feeClass.seasonFeeYen,
      },
    });
  });
  return viewHouseholdFees(db, actor, residentId, body.seasonYear);
}

/** The centre records one payment of a household's season fee (audited). */
export async function recordWinterPayment(
  db: Database,
  actor: SessionUser,
  residentId: string,
  body: WinterPaymentBody,
  now = new Date(),
): Promise<WinterHouseholdFees> {
  const household = await householdFor(db, actor, residentId);
  if (body.paidOn > jstToday(now) || body.paidOn < `${String(body.seasonYear)}-04-01`) {
    throw fieldError(
      'body.paidOn',
      '支払日は 今日以前の、この冬の 年度の 日付に してください。',
      'The payment date must be today or earlier and belong to this season’s year.',
    );
  }
  await db.transaction(async (tx) => {
    const [payment] = await tx
      .insert(winterPayments)
      .values({ residentId, recordedBy: actor.id, ...body })
      .returning({ id: winterPayments.id });
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'winter_payment.recorded',
      subjectType: 'winter_payment',
      subjectId: payment!.id,
      districtId: household.districtId,
      details: {
        residentId,
        seasonYear: body.seasonYear,
        amountYen: body.amountYen,
        paidOn: body.paidOn,
        method: body.method,
      },
    });
  });
  return viewHouseholdFees(db, actor, residentId, body.seasonYear);
}

/**
 * The centre voids a payment recorded by mistake (wrong amount, wrong household): it stays in
 * the record marked voided, with who and why, and no longer counts as paid; the right payment is
 * then recorded anew. A payment already voided is 409; another household's payment is 404.
 * Audited with ids and amounts only (the reason is kept with the payment, not in the audit).
 */
export async function voidWinterPayment(
  db: Database,
  actor: SessionUser,
  input: { residentId: string; paymentId: string; body: WinterPaymentVoidBody },
  now = new Date(),
): Promise<WinterHouseholdFees> {
  const household = await householdFor(db, actor, input.residentId);
  const seasonYear = await db.transaction(async (tx) => {
    const [payment] = await tx
      .select({
        seasonYear: winterPayments.seasonYear,
        amountYen: winterPayments.amountYen,
        voidedAt: winterPayments.voidedAt,
      })
      .from(winterPayments)
      .where(
        and(
          eq(winterPayments.id, input.paymentId),
          eq(winterPayments.residentId, input.residentId),
        ),
      )
      .for('update');
    if (!payment) throw new AppError('not_found');
    if (payment.voidedAt) {
      throw new AppError('conflict', {
        ja: 'この 支払いは すでに 取り消されています。',
        en: 'This payment has already been voided.',
      });
    }
    await tx
      .update(winterPayments)
      .set({ voidedAt: now, voidedBy: actor.id, voidReason: input.body.reason })
      .where(and(eq(winterPayments.id, input.paymentId), isNull(winterPayments.voidedAt)));
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'winter_payment.voided',
      subjectType: 'winter_payment',
      subjectId: input.paymentId,
      districtId: household.districtId,
      details: {
        residentId: input.residentId,
        seasonYear: payment.seasonYear,
        amountYen: payment.amountYen,
      },
    });
    return payment.seasonYear;
  });
  return viewHouseholdFees(db, actor, input.residentId, seasonYear);
}
