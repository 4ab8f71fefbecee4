import {
  jstToday,
  seasonBounds,
  seasonOf,
  seasonOfRange,
  seasonToRegisterFor,
} from '@sasaeai/core';
import { fieldError } from '../../errors/app-error.ts';

export interface ChosenSeason {
  seasonYear: number;
  validFrom: string;
  validUntil: string;
}

/**
 * The stretch of winter a registration covers: the whole season unless the body narrows it,
 * and never outside 1 December – 31 March or already over.
 */
export function chooseSeason(
  body: { validFrom?: string | undefined; validUntil?: string | undefined },
  now: Date,
): ChosenSeason {
  const today = jstToday(now);
  const fromSeason = body.validFrom ? seasonOf(body.validFrom) : seasonToRegisterFor(today);
  if (fromSeason === null) {
    throw fieldError(
      'body.validFrom',
      '冬の期間（12月1日〜3月31日）の日付にしてください。',
      'Choose a date in the snow season (1 December – 31 March).',
    );
  }
  const bounds = seasonBounds(fromSeason);
  const validFrom = body.validFrom ?? bounds.from;
  const validUntil = body.validUntil ?? bounds.until;
  if (seasonOfRange(validFrom, validUntil) !== fromSeason) {
    throw fieldError(
      'body.validUntil',
      '同じ冬の期間（12月1日〜3月31日）の中で、始まりより後の日付にしてください。',
      'Choose a date after the start, within the same snow season (1 December – 31 March).',
    );
  }
  if (validUntil < today) {
    throw fieldError(
      'body.validUntil',
      'この期間はもう終わっています。',
      'This period is already over.',
    );
  }
  return { seasonYear: fromSeason, validFrom, validUntil };
}
