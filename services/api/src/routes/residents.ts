import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DuplicateQuery,
  DuplicateSuggestions,
  ErrorBody,
  IdParams,
  MergeResidentBody,
  MergeResidentResponse,
  ResidentListQuery,
  ResidentPage,
  ResidentRecordResponse,
  UpdateResidentBody,
} from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import {
  findDuplicates,
  listResidents,
  residentRecord,
} from '../use-cases/residents/list-residents.ts';
import { mergeResidents } from '../use-cases/residents/merge-residents.ts';
import { registerScopeOf } from '../use-cases/residents/register-scope.ts';
import { updateResident } from '../use-cases/residents/update-resident.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * The resident register of the coordinator's districts (an admin: the city): search, likely
 * duplicates before intake, the record with its edits, and merging a duplicate. Residents of
 * other districts are 404, as unknown ids are.
 */
const residentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '/',
    {
      schema: {
        tags: ['residents'],
        summary: 'Residents of my districts, searched by name, kana, phone or address, paged',
        querystring: ResidentListQuery,
        response: { 200: ResidentPage, ...errors },
      },
    },
    async (request) => listResidents(app.db, registerScopeOf(currentUser(request)), request.query),
  );

  app.get(
    '/duplicates',
    {
      schema: {
        tags: ['residents'],
        summary:
          'Likely duplicates: same phone digits, same kana (spaces, script, small kana ignored), same name',
        querystring: DuplicateQuery,
        response: { 200: DuplicateSuggestions, ...errors },
      },
    },
    async (request) => findDuplicates(app.db, registerScopeOf(currentUser(request)), request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['residents'],
        summary: 'A resident of my districts: contact, emergency contact, consents',
        params: IdParams,
        response: { 200: ResidentRecordResponse, ...errors },
      },
    },
    async (request) => ({
      resident: await residentRecord(
        app.db,
        registerScopeOf(currentUser(request)),
        request.params.id,
      ),
    }),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['residents'],
        summary: 'Correct a resident’s contact details, emergency contact or consents (audited)',
        params: IdParams,
        body: UpdateResidentBody,
        response: { 200: ResidentRecordResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const scope = registerScopeOf(user);
      await updateResident(app.db, scope, user.id, request.params.id, request.body);
      return { resident: await residentRecord(app.db, scope, request.params.id) };
    },
  );

  app.post(
    '/:id/merge',
    {
      schema: {
        tags: ['residents'],
        summary: 'Merge a duplicate into this resident: every reference moves, all or nothing',
        params: IdParams,
        body: MergeResidentBody,
        response: { 200: MergeResidentResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const scope = registerScopeOf(user);
      const moved = await mergeResidents(
        app.db,
        scope,
        user.id,
        request.params.id,
        request.body.duplicateId,
      );
      return { resident: await residentRecord(app.db, scope, request.params.id), moved };
    },
  );
};

export default residentRoutes;
