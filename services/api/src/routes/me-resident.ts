import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody, ResidentProfileResponse, UpdateOwnContactBody } from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import { loadOwnResidentProfile } from '../use-cases/residents/own-resident-profile.ts';
import { updateOwnContact } from '../use-cases/residents/update-own-contact.ts';

/** The resident's own registered name, address and phone; they correct the phone and address. */
const meResidentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/resident-profile',
    {
      preHandler: app.requireRole('resident'),
      schema: {
        tags: ['account'],
        summary: 'One’s own resident details (address used when asking for help)',
        response: { 200: ResidentProfileResponse, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => loadOwnResidentProfile(app.db, currentUser(request).id),
  );

  app.patch(
    '/resident-profile',
    {
      preHandler: app.requireRole('resident'),
      schema: {
        tags: ['account'],
        summary: 'Correct one’s own phone and address (the district follows the address)',
        body: UpdateOwnContactBody,
        response: {
          200: ResidentProfileResponse,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const userId = currentUser(request).id;
      await updateOwnContact(app.db, userId, request.body);
      return loadOwnResidentProfile(app.db, userId);
    },
  );
};

export default meResidentRoutes;
