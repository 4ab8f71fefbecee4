import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { asc, eq } from 'drizzle-orm';
import {
  CentreList,
  DistrictList,
  DistrictParams,
  ErrorBody,
  VolunteerList,
} from '@sasaeai/contracts';
import { districtNeighbours, districts, volunteerCentres } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict, currentUser } from '../plugins/app/authorization.ts';
import { districtIdsByCode } from '../repositories/users-repository.ts';
import { listDistrictVolunteers } from '../repositories/volunteers-repository.ts';

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
    async () => {
      const rows = await app.db.select().from(districts).orderBy(asc(districts.code));
      const links = await app.db.select().from(districtNeighbours);
      const codeById = new Map(rows.map((row) => [row.id, row.code]));
      return {
        districts: rows.map((row) => ({
          code: row.code,
          name: row.name,
          kana: row.kana,
          lat: row.lat,
          lon: row.lon,
          neighbours: links
            .filter((link) => link.districtId === row.id)
            .map((link) => codeById.get(link.neighbourId) ?? '')
            .filter(Boolean)
            .sort(),
        })),
      };
    },
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
    async () => {
      const rows = await app.db
        .select({
          id: volunteerCentres.id,
          district: districts.code,
          name: volunteerCentres.name,
          status: volunteerCentres.status,
          openedOn: volunteerCentres.openedOn,
        })
        .from(volunteerCentres)
        .innerJoin(districts, eq(districts.id, volunteerCentres.districtId))
        .orderBy(asc(districts.code));
      return { centres: rows };
    },
  );

  app.get(
    '/:code/volunteers',
    {
      preHandler: app.requireRole('coordinator', 'council', 'admin'),
      schema: {
        tags: ['districts'],
        summary: 'Volunteers serving a district (its coordinators, council staff, admins)',
        params: DistrictParams,
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
      return { volunteers: await listDistrictVolunteers(app.db, districtId) };
    },
  );
};

export default districtRoutes;
