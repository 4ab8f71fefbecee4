import type { Database } from '@sasaeai/db/client';
import { AppError } from '../../errors/app-error.ts';
import { canActInDistrict, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { volunteerDistrictIds } from '../../repositories/volunteers-repository.ts';

/**
 * Whose records the actor may read: their own as a volunteer, or, as a coordinator, a volunteer
 * serving one of their districts or verified there before a move (the volunteers page lists the
 * same). Anyone else's are 404: the records' existence is not told. `actingIn` is the
 * coordinator's district, which then issues a certificate.
 */
export async function volunteerRecordScope(
  db: Database,
  actor: SessionUser,
  volunteerId: string,
): Promise<{ actingIn: string | null }> {
  const districts = await volunteerDistrictIds(db, volunteerId);
  if (districts === null) throw new AppError('not_found');
  if (actor.id === volunteerId && hasRole(actor, 'volunteer')) return { actingIn: null };
  const reach = [...new Set([...districts.serving, ...districts.verifiedIn])];
  const actingIn = reach.find((districtId) =>
    canActInDistrict(actor, districtId, ['coordinator', 'admin']),
  );
  if (actingIn === undefined) throw new AppError('not_found');
  return { actingIn };
}
