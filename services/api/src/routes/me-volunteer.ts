import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  HelperHouseholdList,
  MatchList,
  SupportPreferences,
  SupportPreferencesResponse,
  VolunteerProfileBody,
  VolunteerProfileResponse,
} from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { publishNotices } from '../live/publish.ts';
import { currentUser } from '../plugins/app/authorization.ts';
import { listHelperHouseholds } from '../use-cases/pairings/view-season-pairings.ts';
import { loadVolunteerProfile, saveVolunteerProfile } from '../use-cases/volunteer-profile.ts';
import { listVolunteerOffers } from '../use-cases/volunteer-offers.ts';
import {
  loadSupportPreferences,
  saveSupportPreferences,
} from '../use-cases/supported/support-preferences.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The volunteer's own corner: offers and profile. */
const meVolunteerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('volunteer'));

  app.get(
    '/season-pairings',
    {
      schema: {
        tags: ['snow season'],
        summary: 'The households one is paired with this winter (no address)',
        response: { 200: HelperHouseholdList, ...errors },
      },
    },
    async (request) => listHelperHouseholds(app.db, currentUser(request)),
  );

  app.get(
    '/offers',
    {
      schema: {
        tags: ['volunteers'],
        summary: 'Offers to answer, accepted tasks (with the resident’s contact) and recent ones',
        response: { 200: MatchList, ...errors },
      },
    },
    async (request) => listVolunteerOffers(app.db, currentUser(request).id),
  );

  app.get(
    '/volunteer-profile',
    {
      schema: {
        tags: ['volunteers'],
        summary: 'One’s volunteer profile',
        response: { 200: VolunteerProfileResponse, ...errors },
      },
    },
    async (request) => {
      const profile = await loadVolunteerProfile(app.db, currentUser(request).id);
      if (!profile) throw new AppError('not_found');
      return { profile };
    },
  );

  app.put(
    '/volunteer-profile',
    {
      schema: {
        tags: ['volunteers'],
        summary: 'Register or edit one’s volunteer profile (individual or group)',
        body: VolunteerProfileBody,
        response: { 200: VolunteerProfileResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { notices } = await saveVolunteerProfile(app.db, user.id, request.body);
      await publishNotices(app, notices);
      return { profile: (await loadVolunteerProfile(app.db, user.id))! };
    },
  );

  app.get(
    '/volunteer-support',
    {
      schema: {
        tags: ['volunteers'],
        summary: 'One’s supported-volunteering wishes (first task with someone, quiet tasks)',
        response: { 200: SupportPreferencesResponse, ...errors },
      },
    },
    async (request) => ({
      preferences: await loadSupportPreferences(app.db, currentUser(request).id),
    }),
  );

  app.put(
    '/volunteer-support',
    {
      schema: {
        tags: ['volunteers'],
        summary: 'Set one’s supported-volunteering wishes',
        body: SupportPreferences,
        response: { 200: SupportPreferencesResponse, ...errors },
      },
    },
    async (request) => ({
      preferences: await saveSupportPreferences(app.db, currentUser(request).id, request.body),
    }),
  );
};

export default meVolunteerRoutes;
