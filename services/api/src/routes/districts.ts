import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CentreList,
  DistrictList,
  DistrictParams,
  DistrictSettingsBody,
  DistrictSettingsView,
  ErrorBody,
  VolunteerList,
  VolunteerListQuery,
  VOLUNTEER_PAGE_SIZE,
} from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict, currentUser } from '../plugins/app/authorization.ts';
import { districtIdsByCode } from '../repositories/users-repository.ts';
import { listDistrictVolunteers } from '../repositories/volunteers-repository.ts';
import {
  changeDistrictSettings,
  viewDistrictSettings,
} from '../use-cases/districts/district-settings.ts';
import { listCentres, listDistricts } from '../use-cases/districts/list-districts.ts';

const districtRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      schema: {
        tags: ['districts'],
        summary: 'All districts with centroids and neighbours (public)',
        response: { 200: DistrictList },
      },
    },
    async () => listDistricts(app.db),
  );

  app.get(
    '/centres',
    {
      schema: {
        tags: ['districts'],
        summary: 'Volunteer centres with their status (public)',
        response: { 200: CentreList },
      },
    },
    async () => listCentres(app.db),
  );

  app.get(
    '/:code/volunteers',
    {
      preHandler: app.requireRole('coordinator', 'council', 'admin'),
      schema: {
        tags: ['districts'],
        summary: 'Volunteers serving a district (its coordinators, council staff, admins)',
        params: DistrictParams,
        querystring: VolunteerListQuery,
        response: {
          200: VolunteerList,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const districtId = (await districtIdsByCode(app.db, [request.params.code])).get(
        request.params.code,
      );
      if (!districtId) throw new AppError('not_found');
      if (!canActInDistrict(user, districtId, ['coordinator', 'council', 'admin'])) {
        throw new AppError('forbidden');
      }
      // Supported-volunteering marks are for the district's coordinators, not council staff.
      const withSupport = canActInDistrict(user, districtId, ['coordinator', 'admin']);
      const { page } = request.query;
      if (page === undefined) {
        // The whole list, for a form's choices (a pairing's helper).
        const volunteers = await listDistrictVolunteers(app.db, districtId, { withSupport });
        return { volunteers, hasMore: false };
      }
      const rows = await listDistrictVolunteers(app.db, districtId, {
        withSupport,
        limit: VOLUNTEER_PAGE_SIZE + 1,
        offset: (page - 1) * VOLUNTEER_PAGE_SIZE,
      });
      return {
        volunteers: rows.slice(0, VOLUNTEER_PAGE_SIZE),
        hasMore: rows.length > VOLUNTEER_PAGE_SIZE,
      };
    },
  );

  app.get(
    '/:code/settings',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['districts'],
        summary: 'The district’s matching settings (its coordinators)',
        params: DistrictParams,
        response: {
          200: DistrictSettingsView,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => viewDistrictSettings(app.db, currentUser(request), request.params.code),
  );

  app.put(
    '/:code/settings',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['districts'],
        summary:
          'Auto-approve trusted volunteers; how long an offer waits for an answer; retention; snow offers from 05:00',
        params: DistrictParams,
        body: DistrictSettingsBody,
        response: {
          200: DistrictSettingsView,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) =>
      changeDistrictSettings(app.db, currentUser(request), request.params.code, request.body),
  );
};

export default districtRoutes;
