import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { ErrorBody, ResidentProfileResponse } from '@sasaeai/contracts';
import { districts, residentProfiles } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { currentUser } from '../plugins/app/authorization.ts';

/** The resident's own registered name, address and phone. */
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
    async (request) => {
      const [row] = await app.db
        .select({ profile: residentProfiles, district: districts.code })
        .from(residentProfiles)
        .leftJoin(districts, eq(districts.id, residentProfiles.districtId))
        .where(eq(residentProfiles.userId, currentUser(request).id));
      if (!row) throw new AppError('not_found');
      return {
        profile: {
          fullName: row.profile.fullName,
          address: row.profile.address,
          phone: row.profile.phone,
          district: row.district,
        },
      };
    },
  );
};

export default meResidentRoutes;
