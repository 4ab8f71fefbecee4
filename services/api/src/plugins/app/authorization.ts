import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

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

/** The signed-in user; throws 401 when there is none. */
export function currentUser(request: FastifyRequest): SessionUser {
  const user = request.auth.user;
  if (!user) throw new AppError('unauthenticated');
  return user;
}

declare module 'fastify' {
  interface FastifyInstance {
    requireUser: preHandlerAsyncHookHandler;
    requireRole: (...roles: Role[]) => preHandlerAsyncHookHandler;
  }
}

export default fp(
  async function authorizationPlugin(app: FastifyInstance) {
    app.decorate('requireUser', async function requireUser(request: FastifyRequest) {
      currentUser(request);
    });
    app.decorate(
      'requireRole',
      (...roles: Role[]) =>
        async function requireRole(request: FastifyRequest) {
          if (!hasRole(currentUser(request), ...roles)) throw new AppError('forbidden');
        },
    );
  },
  { name: 'authorization', dependencies: ['auth'] },
);
