import { and, eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { isConstraintViolation } from '@sasaeai/db';
import {
  auditEvents,
  seasonPairings,
  volunteerDistricts,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import type { SeasonPairing, SeasonPairingBody } from '@sasaeai/contracts';
import { addDays, jstToday } from '@sasaeai/core';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { helperShownName, registrationWithDistrict, toPairingView } from './pairing-view.ts';

/** How long ago a first meeting may have been to still count for this season. */
const MEETING_LOOKBACK_DAYS = 366;

/**
 * A coordinator of the household's district records that the household and a helper met
 * (顔合わせ) and agreed to pair for the season. The helper must be an active volunteer serving
 * that district; a registration holds one live primary and one live backup, each helper once.
 */
export async function recordSeasonPairing(
  db: Database,
  input: { actor: SessionUser; registrationId: string; body: SeasonPairingBody; now?: Date },
): Promise<SeasonPairing> {
  const { actor, body } = input;
  const today = jstToday(input.now ?? new Date());
  const registration = await registrationWithDistrict(db, input.registrationId);
  if (
    !registration?.districtId ||
    !canActInDistrict(actor, registration.districtId, ['coordinator', 'admin'])
  ) {
    throw new AppError('not_found');
  }
  const districtId = registration.districtId;
  if (registration.status === 'ended') {
    throw new AppError('conflict', {
      ja: '終了した除雪登録には、組み合わせを記録できません。',
      en: 'An ended snow registration cannot be paired.',
    });
  }
  if (body.metOn > today || body.metOn < addDays(today, -MEETING_LOOKBACK_DAYS)) {
    throw fieldError(
      'body.metOn',
      '顔合わせの日は、今日までの1年以内の日付にしてください。',
      'The first meeting must be a date within the past year, today at the latest.',
    );
  }
  await checkHelper(db, body.helperId, registration.residentId, districtId);

  try {
    const row = await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(seasonPairings)
        .values({
          winterRegistrationId: registration.id,
          helperId: body.helperId,
          role: body.role,
          metOn: body.metOn,
          recordedBy: actor.id,
        })
        .returning();
      await tx.insert(auditEvents).values({
        actorId: actor.id,
        action: 'season_pairing.recorded',
        subjectType: 'season_pairing',
        subjectId: inserted!.id,
        districtId,
        details: {
          winterRegistrationId: registration.id,
          helperId: body.helperId,
          role: body.role,
        },
      });
      return inserted!;
    });
    return toPairingView(row, await helperShownName(db, row.helperId));
  } catch (error) {
    if (isConstraintViolation(error, 'season_pairings_one_per_role')) {
      throw new AppError('conflict', undefined, [
        {
          field: 'body.role',
          message: {
            ja:
              body.role === 'primary'
                ? 'この世帯には、もう「いつもの担い手」がいます。先に今の組み合わせを終えてください。'
                : 'この世帯には、もう「控えの担い手」がいます。先に今の組み合わせを終えてください。',
            en: `This household already has a ${body.role} helper. End that pairing first.`,
          },
        },
      ]);
    }
    if (isConstraintViolation(error, 'season_pairings_helper_once')) {
      throw new AppError('conflict', undefined, [
        {
          field: 'body.helperId',
          message: {
            ja: 'この担い手は、もうこの世帯と組んでいます。',
            en: 'This helper is already paired with this household.',
          },
        },
      ]);
    }
    throw error;
  }
}

/** The helper must be an active volunteer serving the household's district, never the resident. */
async function checkHelper(
  db: Database,
  helperId: string,
  residentId: string,
  districtId: string,
): Promise<void> {
  const refuse = (ja: string, en: string) => fieldError('body.helperId', ja, en);
  if (helperId === residentId) {
    throw refuse('ご本人とは組めません。', 'A household cannot be paired with itself.');
  }
  const [helper] = await db
    .select({
      verification: volunteerProfiles.verification,
      servesDistrict: volunteerDistricts.districtId,
    })
    .from(volunteerProfiles)
    .leftJoin(
      volunteerDistricts,
      and(
        eq(volunteerDistricts.volunteerId, volunteerProfiles.userId),
        eq(volunteerDistricts.districtId, districtId),
      ),
    )
    .where(eq(volunteerProfiles.userId, helperId));
  if (!helper) {
    throw refuse('この人は担い手として登録されていません。', 'This person is not a volunteer.');
  }
  if (helper.verification !== 'active') {
    throw refuse(
      'この担い手は、まだ確認が済んでいないか、活動を止めています。',
      'This volunteer is not active (not yet verified, or suspended).',
    );
  }
  if (!helper.servesDistrict) {
    throw refuse(
      'この担い手は、この世帯の地区で活動していません。',
      'This volunteer does not serve the household’s district.',
    );
  }
}
