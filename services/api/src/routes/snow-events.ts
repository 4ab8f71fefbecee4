import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DeclareSnowEventBody,
  DeclareSnowEventResponse,
  ErrorBody,
  SnowBoard,
  SnowBoardQuery,
} from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import { declareSnowEvents } from '../use-cases/snow/declare-snow-events.ts';
import { snowBoard } from '../use-cases/snow/snow-board.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Snowfalls: declared by a coordinator or the council, or imported from JMA observations. */
const snowEventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'council', 'admin'));

  app.post(
    '',
    {
      schema: {
        tags: ['snow season'],
        summary: 'Declare a snowfall: each triggered winter registration becomes a dated request',
        description:
          'Idempotent per district and day: declaring again creates nothing twice; a deeper figure adds only newly triggered registrations.',
        body: DeclareSnowEventBody,
        response: { 200: DeclareSnowEventResponse, ...errors },
      },
    },
    async (request) => declareSnowEvents(app.db, currentUser(request), request.body),
  );

  app.get(
    '/board',
    {
      schema: {
        tags: ['snow season'],
        summary: 'A day’s snow events and their requests by status, per district',
        querystring: SnowBoardQuery,
        response: { 200: SnowBoard, ...errors },
      },
    },
    async (request) => snowBoard(app.db, currentUser(request), request.query.date),
  );
};

export default snowEventRoutes;
