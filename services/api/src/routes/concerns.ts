import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConcernList, ErrorBody, IdParams } from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import { followUpConcern } from '../use-cases/concerns/follow-up-concern.ts';
import { listConcerns } from '../use-cases/concerns/list-concerns.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** 見守り: worries volunteers raised, for the coordinators of the resident's district. */
const concernRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Wellbeing concerns in the coordinator’s districts',
        querystring: z.object({ status: z.enum(['open', 'followed_up']).optional() }),
        response: { 200: ConcernList, ...errors },
      },
    },
    async (request) => listConcerns(app.db, currentUser(request), request.query.status),
  );

  app.post(
    '/:id/follow-up',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Mark a concern as followed up',
        params: IdParams,
        response: { 200: z.object({ id: z.uuid(), status: z.literal('followed_up') }), ...errors },
      },
    },
    async (request) => followUpConcern(app.db, currentUser(request), request.params.id),
  );
};

export default concernRoutes;
