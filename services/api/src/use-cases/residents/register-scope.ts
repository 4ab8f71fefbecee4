import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import { residentProfiles } from '@sasaeai/db/schema';
import { AppError } from '../../errors/app-error.ts';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/** The residents a caller may see in the register: an admin all, a coordinator their districts'. */
export type RegisterScope = { kind: 'all' } | { kind: 'districts'; ids: string[] };

export function registerScopeOf(user: SessionUser): RegisterScope {
  return hasRole(user, 'admin')
    ? { kind: 'all' }
    : { kind: 'districts', ids: districtIdsFor(user, 'coordinator') };
}

export function inScope(scope: RegisterScope, districtId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return districtId !== null && scope.ids.includes(districtId);
}

/** Residents in the scope who have not been merged into another. */
export function scopeCondition(scope: RegisterScope): SQL {
  const live = isNull(residentProfiles.mergedIntoId);
  if (scope.kind === 'all') return live;
  if (scope.ids.length === 0) return sql`false`;
  return and(live, inArray(residentProfiles.districtId, scope.ids))!;
}

/** The same answer as for an unknown id, so other districts' residents reveal nothing. */
export function notInRegister(): AppError {
  return new AppError('not_found', {
    ja: 'あなたの 地区に 登録された 住民の 中に、この 方は 見つかりません。',
    en: 'No resident with this id is registered in your districts.',
  });
}

/** Locks a resident's profile for a change; 404 outside the scope. */
export async function lockResident(tx: Tx | Database, scope: RegisterScope, residentId: string) {
  const [profile] = await tx
    .select()
    .from(residentProfiles)
    .where(eq(residentProfiles.userId, residentId))
    .for('update');
  if (!profile || !inScope(scope, profile.districtId)) throw notInRegister();
  return profile;
}
