import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { isConstraintViolation } from '@sasaeai/db';
import { auditEvents, districts, residentProfiles, winterRegistrations } from '@sasaeai/db/schema';
import type { WinterRegistration, WinterRegistrationBody } from '@sasaeai/contracts';
import { minutesOfClock } from '@sasaeai/core';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { canActInDistrict, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { toWinterView } from './registration-view.ts';
import { chooseSeason } from './winter-season.ts';

export interface RegisterForWinterInput {
  actor: SessionUser;
  body: WinterRegistrationBody;
  now?: Date;
}

/** The resident's profile with its district, as the database has it. */
export async function residentOf(db: Database, residentId: string) {
  const [row] = await db
    .select({
      userId: residentProfiles.userId,
      address: residentProfiles.address,
      districtId: residentProfiles.districtId,
      district: districts.code,
    })
    .from(residentProfiles)
    .leftJoin(districts, eq(districts.id, residentProfiles.districtId))
    .where(eq(residentProfiles.userId, residentId));
  return row ?? null;
}

/**
 * 冬の除雪登録 by a resident for themself, or by a coordinator for a resident of their own
 * districts (the district is the one on the resident's record, never the body's).
 */
export async function registerForWinter(
  db: Database,
  input: RegisterForWinterInput,
): Promise<WinterRegistration> {
  const { actor, body } = input;
  const now = input.now ?? new Date();
  const proxy = body.residentId !== undefined && body.residentId !== actor.id;
  if (proxy && !hasRole(actor, 'coordinator', 'admin')) throw new AppError('forbidden');
  if (!proxy && !hasRole(actor, 'resident')) throw new AppError('forbidden');

  const resident = await residentOf(db, body.residentId ?? actor.id);
  if (!resident) throw new AppError(proxy ? 'not_found' : 'forbidden');
  if (
    proxy &&
    !(resident.districtId && canActInDistrict(actor, resident.districtId, ['coordinator'])) &&
    !hasRole(actor, 'admin')
  ) {
    throw new AppError('forbidden');
  }
  if (!resident.address || !resident.districtId) {
    throw fieldError(
      'body.residentId',
      '住所と地区が登録されていません。先に住所を登録してください。',
      'There is no address and district on the profile. Please register the address first.',
    );
  }
  const season = chooseSeason(body, now);

  try {
    const row = await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(winterRegistrations)
        .values({
          residentId: resident.userId,
          createdBy: actor.id,
          viaProxy: proxy,
          ...season,
          frontageMetres: body.frontageMetres,
          clearPath: body.clearPath,
          roofFall: body.roofFall,
          readyFromMinute: minutesOfClock(body.readyFrom),
          readyByMinute: minutesOfClock(body.readyBy),
          thresholdCm: body.thresholdCm,
          accessNotes: body.accessNotes || null,
        })
        .returning();
      await tx.insert(auditEvents).values({
        actorId: actor.id,
        action: 'winter_registration.created',
        subjectType: 'winter_registration',
        subjectId: inserted!.id,
        districtId: resident.districtId,
        details: { viaProxy: proxy, seasonYear: season.seasonYear },
      });
      return inserted!;
    });
    return toWinterView(row, resident.district);
  } catch (error) {
    if (isConstraintViolation(error, 'winter_registrations_one_per_season')) {
      throw new AppError(
        'conflict',
        {
          ja: 'この冬の除雪登録はすでにあります。変更するときは、今の登録を終了してください。',
          en: 'There is already a snow registration for this winter. End it first to change it.',
        },
        [
          {
            field: 'body',
            message: {
              ja: 'この冬の除雪登録はすでにあります。',
              en: 'There is already a snow registration for this winter.',
            },
          },
        ],
      );
    }
    throw error;
  }
}
