import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AddRoleBody, ErrorBody, MeResponse, ReadingAidsBody } from '@sasaeai/contracts';
import { currentUser, hasRole } from '../plugins/app/authorization.ts';
import { centreContactOfResident } from '../use-cases/council/centres.ts';
import { loadSessionUser, saveReadingAids, toMe } from '../repositories/users-repository.ts';
import { addSelfServiceRole } from '../use-cases/add-self-service-role.ts';

const meRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['account'],
        summary: 'The signed-in user with roles and district scopes, and a resident’s centre',
        response: { 200: MeResponse, 401: ErrorBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      // Every page shows whom to call: a resident's own district centre (null: the city's).
      const centre = hasRole(user, 'resident')
        ? await centreContactOfResident(app.db, user.id)
        : null;
      return { user: toMe(user), centre };
    },
  );

  app.post(
    '/roles',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['account'],
        summary: 'Add the resident or volunteer role to one’s own account',
        body: AddRoleBody,
        response: { 200: MeResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await addSelfServiceRole(app.db, user, request.body.role);
      const updated = await loadSessionUser(app.db, user.id);
      return { user: toMe(updated!) };
    },
  );

  app.put(
    '/reading-aids',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['account'],
        summary: 'Remember one’s reading aids: ふりがな, text size, high contrast',
        body: ReadingAidsBody,
        response: { 200: MeResponse, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await saveReadingAids(app.db, user.id, request.body);
      return { user: toMe({ ...user, readingAids: request.body }) };
    },
  );
};

export default meRoutes;
