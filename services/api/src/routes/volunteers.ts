import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorBody,
  Introduction,
  IntroductionResponse,
  TrustBody,
  VerifyVolunteerBody,
  VolunteerParams,
  VolunteerSupportView,
} from '@sasaeai/contracts';
import { publishNotices } from '../live/publish.ts';
import { currentUser } from '../plugins/app/authorization.ts';
import { setVolunteerTrust, verifyVolunteer } from '../use-cases/verify-volunteer.ts';
import { recordIntroduction, viewVolunteerSupport } from '../use-cases/supported/introductions.ts';

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

  const introductionErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  app.get(
    '/:id/support',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['volunteers'],
        summary:
          'A volunteer’s supported-volunteering wishes and who introduced them (their district’s coordinators)',
        params: VolunteerParams,
        response: { 200: VolunteerSupportView, ...introductionErrors },
      },
    },
    async (request) => viewVolunteerSupport(app.db, currentUser(request), request.params.id),
  );

  app.put(
    '/:id/introduction',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['volunteers'],
        summary: 'Record (or, with null, remove) the support worker who introduced a volunteer',
        params: VolunteerParams,
        body: z.object({ introducedBy: Introduction.nullable() }),
        response: { 200: IntroductionResponse, ...introductionErrors },
      },
    },
    async (request) => ({
      introducedBy: await recordIntroduction(
        app.db,
        currentUser(request),
        request.params.id,
        request.body.introducedBy,
      ),
    }),
  );
};

export default volunteerRoutes;
