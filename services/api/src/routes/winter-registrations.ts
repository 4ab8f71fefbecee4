import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  IdParams,
  MyWinterResponse,
  SeasonPairingBody,
  SeasonPairingList,
  SeasonPairingResponse,
  WinterRegistrationBody,
  WinterRegistrationResponse,
  WinterResidentList,
  WinterResidentsQuery,
  WinterStatusChange,
} from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import { recordSeasonPairing } from '../use-cases/pairings/record-season-pairing.ts';
import { listRegistrationPairings } from '../use-cases/pairings/view-season-pairings.ts';
import { changeWinterStatus } from '../use-cases/winter/change-winter-status.ts';
import { registerForWinter } from '../use-cases/winter/register-for-winter.ts';
import { listWinterResidents, viewMyWinter } from '../use-cases/winter/view-winter.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** 冬の除雪登録: standing snow-clearing needs for the season. */
const winterRegistrationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireUser);

  app.post(
    '',
    {
      schema: {
        tags: ['snow season'],
        summary:
          'Register for snow clearing this winter (a resident; a coordinator with residentId)',
        body: WinterRegistrationBody,
        response: { 201: WinterRegistrationResponse, ...errors },
      },
    },
    async (request, reply) => {
      const registration = await registerForWinter(app.db, {
        actor: currentUser(request),
        body: request.body,
      });
      reply.code(201);
      return { registration };
    },
  );

  app.get(
    '/mine',
    {
      preHandler: app.requireRole('resident'),
      schema: {
        tags: ['snow season'],
        summary: 'One’s own registration for this winter (or null)',
        response: { 200: MyWinterResponse, ...errors },
      },
    },
    async (request) => viewMyWinter(app.db, currentUser(request)),
  );

  app.get(
    '',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['snow season'],
        summary: 'Residents of one’s districts and their registrations this winter',
        querystring: WinterResidentsQuery,
        response: { 200: WinterResidentList, ...errors },
      },
    },
    async (request) =>
      listWinterResidents(app.db, currentUser(request), { residentId: request.query.resident }),
  );

  app.post(
    '/:id/status',
    {
      schema: {
        tags: ['snow season'],
        summary: 'Pause, resume or end a registration (its resident or their coordinator)',
        params: IdParams,
        body: WinterStatusChange,
        response: { 200: WinterRegistrationResponse, ...errors },
      },
    },
    async (request) => ({
      registration: await changeWinterStatus(
        app.db,
        currentUser(request),
        request.params.id,
        request.body.status,
      ),
    }),
  );

  app.post(
    '/:id/pairings',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['snow season'],
        summary: 'Record a season pairing after the first meeting (a coordinator of the district)',
        params: IdParams,
        body: SeasonPairingBody,
        response: { 201: SeasonPairingResponse, ...errors },
      },
    },
    async (request, reply) => {
      const pairing = await recordSeasonPairing(app.db, {
        actor: currentUser(request),
        registrationId: request.params.id,
        body: request.body,
      });
      reply.code(201);
      return { pairing };
    },
  );

  app.get(
    '/:id/pairings',
    {
      schema: {
        tags: ['snow season'],
        summary: 'A registration’s season pairings (its resident or their coordinator)',
        params: IdParams,
        response: { 200: SeasonPairingList, ...errors },
      },
    },
    async (request) => listRegistrationPairings(app.db, currentUser(request), request.params.id),
  );
};

export default winterRegistrationRoutes;
