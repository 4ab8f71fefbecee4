import { asc, eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { isConstraintViolation } from '@sasaeai/db';
import { auditEvents, winterFeeClasses } from '@sasaeai/db/schema';
import type { WinterFeeClass, WinterFeeClassBody, WinterFeeClassList } from '@sasaeai/contracts';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

export const feeClassColumns = {
  id: winterFeeClasses.id,
  code: winterFeeClasses.code,
  nameJa: winterFeeClasses.nameJa,
  nameEn: winterFeeClasses.nameEn,
  seasonFeeYen: winterFeeClasses.seasonFeeYen,
  active: winterFeeClasses.active,
};

/** The fee classes of the paid winter service (福祉除雪), active first, by code. */
export async function listFeeClasses(db: Database): Promise<WinterFeeClassList> {
  const classes = await db
    .select(feeClassColumns)
    .from(winterFeeClasses)
    .orderBy(asc(winterFeeClasses.code));
  return { classes };
}

function mustEdit(actor: SessionUser) {
  if (!hasRole(actor, 'coordinator', 'admin')) throw new AppError('forbidden');
}

const codeTaken = () =>
  fieldError(
    'body.code',
    'この 区分コードは もう 使われています。',
    'This class code is already in use.',
  );

/** The centre adds a fee class (audited). A code already in use is a field error. */
export async function createFeeClass(
  db: Database,
  actor: SessionUser,
  body: WinterFeeClassBody,
): Promise<WinterFeeClass> {
  mustEdit(actor);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(winterFeeClasses)
        .values({ ...body, updatedBy: actor.id })
        .returning(feeClassColumns);
      await tx.insert(auditEvents).values({
        actorId: actor.id,
        action: 'winter_fee_class.created',
        subjectType: 'winter_fee_class',
        subjectId: row!.id,
        details: { code: body.code, seasonFeeYen: body.seasonFeeYen },
      });
      return row!;
    });
  } catch (error) {
    if (isConstraintViolation(error, 'winter_fee_classes_code_unique')) throw codeTaken();
    throw error;
  }
}

/**
 * The centre renames, re-prices or retires a class (audited). Households already given the
 * class keep the fee they were told; the new fee applies to classes set from now on.
 */
export async function updateFeeClass(
  db: Database,
  actor: SessionUser,
  id: string,
  body: WinterFeeClassBody,
): Promise<WinterFeeClass> {
  mustEdit(actor);
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx
        .select(feeClassColumns)
        .from(winterFeeClasses)
        .where(eq(winterFeeClasses.id, id))
        .for('update');
      if (!before) throw new AppError('not_found');
      const [row] = await tx
        .update(winterFeeClasses)
        .set({ ...body, updatedBy: actor.id })
        .where(eq(winterFeeClasses.id, id))
        .returning(feeClassColumns);
      await tx.insert(auditEvents).values({
        actorId: actor.id,
        action: 'winter_fee_class.updated',
        subjectType: 'winter_fee_class',
        subjectId: id,
        details: {
          code: { from: before.code, to: body.code },
          seasonFeeYen: { from: before.seasonFeeYen, to: body.seasonFeeYen },
          active: { from: before.active, to: body.active },
        },
      });
      return row!;
    });
  } catch (error) {
    if (isConstraintViolation(error, 'winter_fee_classes_code_unique')) throw codeTaken();
    throw error;
  }
}
