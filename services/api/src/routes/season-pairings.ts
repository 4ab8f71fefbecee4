import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  IdParams,
  SeasonPairingChange,
  SeasonPairingResponse,
} from '@sasaeai/contracts';
import { publishNotices } from '../live/publish.ts';
import { currentUser } from '../plugins/app/authorization.ts';
import { changeSeasonPairing } from '../use-cases/pairings/change-season-pairing.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Season pairings: pause, resume or end (either side, or the coordinator). */
const seasonPairingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireUser);

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['snow season'],
        summary: 'Pause, resume or end a season pairing (household, helper or coordinator)',
        params: IdParams,
        body: SeasonPairingChange,
        response: { 200: SeasonPairingResponse, ...errors },
      },
    },
    async (request) => {
      const { pairing, notices } = await changeSeasonPairing(
        app.db,
        currentUser(request),
        request.params.id,
        request.body,
      );
      await publishNotices(app, notices);
      return { pairing };
    },
  );
};

export default seasonPairingRoutes;
