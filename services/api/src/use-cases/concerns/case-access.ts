import { jstToday } from '@sasaeai/core';
import type { Role } from '@sasaeai/contracts';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { canActInDistrict, districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import type { ConcernRow } from '../../repositories/concerns-repository.ts';

/** Who may read a case (and add notes): its district's coordinators and 民生委員, an admin. */
export const CASE_READERS: Role[] = ['coordinator', 'minsei_iin', 'admin'];
/** Who may change its status, follow-up date and referrals. */
export const CASE_MANAGERS: Role[] = ['coordinator', 'admin'];

/** The districts whose cases the user lists; `null` = every district (an admin). */
export function readableDistrictIds(user: SessionUser): string[] | null {
  if (hasRole(user, 'admin')) return null;
  return [
    ...new Set([...districtIdsFor(user, 'coordinator'), ...districtIdsFor(user, 'minsei_iin')]),
  ];
}

/** A case outside the user's districts does not exist for them (404). */
export function assertReadable(user: SessionUser, concern: ConcernRow | undefined): ConcernRow {
  if (!concern || !canActInDistrict(user, concern.districtId, CASE_READERS)) {
    throw new AppError('not_found');
  }
  return concern;
}

/** Readable and manageable: a 民生委員 reading their own district's case gets 403. */
export function assertManageable(user: SessionUser, concern: ConcernRow | undefined): ConcernRow {
  const readable = assertReadable(user, concern);
  if (!canActInDistrict(user, readable.districtId, CASE_MANAGERS)) throw new AppError('forbidden');
  return readable;
}

export function canManage(user: SessionUser, concern: ConcernRow): boolean {
  return canActInDistrict(user, concern.districtId, CASE_MANAGERS);
}

const DAY_MS = 86_400_000;

/** A follow-up date from a year ago to two years ahead (JST); anything else is a field error. */
export function checkFollowUpDate(
  field: string,
  value: string | null | undefined,
  now: Date,
): void {
  if (value === null || value === undefined) return;
  const earliest = jstToday(new Date(now.getTime() - 366 * DAY_MS));
  const latest = jstToday(new Date(now.getTime() + 2 * 366 * DAY_MS));
  if (value < earliest || value > latest) {
    throw fieldError(
      field,
      'フォロー日は、1年前から2年後までの 日付を 入れてください。',
      'Enter a follow-up date between a year ago and two years ahead.',
    );
  }
}
