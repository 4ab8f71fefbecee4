import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { ErrorBody, ResidentProfileResponse, UpdateOwnContactBody } from '@sasaeai/contracts';
import { districts, residentProfiles } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { currentUser } from '../plugins/app/authorization.ts';
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
    async (request) => loadOwnProfile(currentUser(request).id),
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
      return loadOwnProfile(userId);
    },
  );

  async function loadOwnProfile(userId: string) {
    const [row] = await app.db
      .select({ profile: residentProfiles, district: districts.code })
      .from(residentProfiles)
      .leftJoin(districts, eq(districts.id, residentProfiles.districtId))
      .where(eq(residentProfiles.userId, userId));
    if (!row) throw new AppError('not_found');
    return {
      profile: {
        fullName: row.profile.fullName,
        address: row.profile.address,
        phone: row.profile.phone,
        district: row.district,
      },
    };
  }
};

export default meResidentRoutes;
