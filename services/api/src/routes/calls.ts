import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallListQuery, CallTaskList, ErrorBody, IdParams } from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import { listCalls } from '../use-cases/calls/list-calls.ts';
import { markCallDone } from '../use-cases/calls/mark-call-done.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * The coordinators' call list: notifications that fell back to `phone_call` in their districts
 * (the last channel of a person's order), each with a short script in plain Japanese; calls
 * not made by their deadline (escalated by the worker) come first. Calling marks the row
 * `delivered`.
 */
const callRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '',
    {
      schema: {
        tags: ['calls'],
        summary: 'People to phone in the coordinator’s districts (nothing else reached them)',
        querystring: CallListQuery,
        response: { 200: CallTaskList, ...errors },
      },
    },
    async (request) => listCalls(app.db, currentUser(request), request.query.page),
  );

  app.post(
    '/:id/done',
    {
      schema: {
        tags: ['calls'],
        summary: 'Record that the person was phoned',
        params: IdParams,
        response: { 200: z.object({ id: z.uuid(), status: z.literal('delivered') }), ...errors },
      },
    },
    async (request) => markCallDone(app.db, currentUser(request), request.params.id),
  );
};

export default callRoutes;
