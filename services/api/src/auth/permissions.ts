import type { Role } from '@sasaeai/contracts';
import type { SessionUser } from '../repositories/users-repository.ts';

/** Roles whose authority covers the whole city rather than named districts. */
const cityWideRoles: readonly Role[] = ['council', 'admin'];

export function hasRole(user: SessionUser, ...roles: Role[]): boolean {
  return user.roles.some((grant) => roles.includes(grant.role));
}

/**
 * May this user act, in one of `roles`, on a record of `districtId`? City-wide roles may act
 * anywhere; district roles (coordinator) only in the districts the session holds.
 */
export function canActInDistrict(user: SessionUser, districtId: string, roles: Role[]): boolean {
  return user.roles.some(
    (grant) =>
      roles.includes(grant.role) &&
      (cityWideRoles.includes(grant.role) || grant.districtId === districtId),
  );
}

export function districtIdsFor(user: SessionUser, role: Role): string[] {
  return user.roles
    .filter((grant) => grant.role === role && grant.districtId !== null)
    .map((grant) => grant.districtId as string);
}
