import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody, GrantRoleBody, MeResponse } from '@sasaeai/contracts';
import { currentUser } from '../../plugins/app/authorization.ts';
import { loadSessionUser, toMe } from '../../repositories/users-repository.ts';
import { grantRole } from '../../use-cases/grant-role.ts';

const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('admin'));

  app.post(
    '/role-assignments',
    {
      schema: {
        tags: ['admin'],
        summary: 'Grant a role (coordinator roles name their districts)',
        body: GrantRoleBody,
        response: {
          201: MeResponse,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      await grantRole(app.db, currentUser(request), request.body);
      // Their sockets joined districts by the old roles: they reconnect with the new ones.
      await app.live.rolesChanged(request.body.userId);
      const user = await loadSessionUser(app.db, request.body.userId);
      return reply.code(201).send({ user: toMe(user!) });
    },
  );
};

export default adminRoutes;
