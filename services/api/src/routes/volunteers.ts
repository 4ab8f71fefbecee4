import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, TrustBody, VerifyVolunteerBody, VolunteerParams } from '@sasaeai/contracts';
import { publishNotices } from '../live/publish.ts';
import { currentUser } from '../plugins/app/authorization.ts';
import { setVolunteerTrust, verifyVolunteer } from '../use-cases/verify-volunteer.ts';

const volunteerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/:id/verify',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['volunteers'],
        summary:
          'Verify (activate) or suspend a volunteer of one of the coordinator’s districts; suspending withdraws their live matches',
        params: VolunteerParams,
        body: VerifyVolunteerBody,
        response: {
          200: z.object({
            id: z.uuid(),
            verification: z.enum(['active', 'suspended']),
            /** Live matches a suspension withdrew (their requests are matched again). */
            withdrawnMatches: z.int(),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const change = await verifyVolunteer(
        app.db,
        currentUser(request),
        request.params.id,
        request.body.status,
      );
      await publishNotices(app, change.notices);
      return {
        id: request.params.id,
        verification: request.body.status,
        withdrawnMatches: change.withdrawnMatchIds.length,
      };
    },
  );

  app.post(
    '/:id/trust',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['volunteers'],
        summary: 'Mark a volunteer as trusted (their proposals may be auto-approved)',
        params: VolunteerParams,
        body: TrustBody,
        response: {
          200: z.object({ id: z.uuid(), trusted: z.boolean() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      await setVolunteerTrust(
        app.db,
        currentUser(request),
        request.params.id,
        request.body.trusted,
      );
      return { id: request.params.id, trusted: request.body.trusted };
    },
  );
};

export default volunteerRoutes;
