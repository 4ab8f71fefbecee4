import type { Database } from '@sasaeai/db/client';
import { AppError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { findConcern, markConcernFollowedUp } from '../../repositories/concerns-repository.ts';

/** A coordinator of the concern's district (or an admin) marks it followed up (audited). */
export async function followUpConcern(
  db: Database,
  user: SessionUser,
  concernId: string,
): Promise<{ id: string; status: 'followed_up' }> {
  const concern = await findConcern(db, concernId);
  if (!concern) throw new AppError('not_found');
  if (!canActInDistrict(user, concern.districtId, ['coordinator', 'admin'])) {
    throw new AppError('forbidden');
  }
  await markConcernFollowedUp(db, concern, user.id);
  return { id: concern.id, status: 'followed_up' };
}
