import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

import { hasRole } from '../../auth/permissions.ts';

// The predicates live in a plain module (use cases import it); routes may keep importing them here.
export { canActInDistrict, districtIdsFor, hasRole } from '../../auth/permissions.ts';

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
