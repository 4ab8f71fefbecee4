import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ActivityMonthQuery,
  ActivitySheetResponse,
  ErrorBody,
  IdParams,
  PrintableNoticeResponse,
} from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict, currentUser } from '../plugins/app/authorization.ts';
import {
  currentMonthJst,
  loadActivitySheet,
  loadPrintableNotice,
  requestDistrict,
  requestHousehold,
  residentDistrict,
} from '../use-cases/paper.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * Paper for residents without a device, printed by the coordinators of their district: a notice
 * of who is coming, and a household's monthly activity sheet.
 */
const paperRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '/notices/:id',
    {
      schema: {
        tags: ['paper'],
        summary: 'A printable notice for the resident of an accepted request (who, when, centre)',
        params: IdParams,
        response: { 200: PrintableNoticeResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const districtId = await requestDistrict(app.db, request.params.id);
      if (!canActInDistrict(user, districtId, ['coordinator', 'admin'])) {
        throw new AppError('forbidden');
      }
      return { notice: await loadPrintableNotice(app.db, request.params.id) };
    },
  );

  app.get(
    '/requests/:id/activity',
    {
      schema: {
        tags: ['paper'],
        summary: 'The monthly activity sheet of the household a request belongs to (YYYY-MM, JST)',
        params: IdParams,
        querystring: ActivityMonthQuery,
        response: { 200: ActivitySheetResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { residentId, districtId } = await requestHousehold(app.db, request.params.id);
      if (!canActInDistrict(user, districtId, ['coordinator', 'admin'])) {
        throw new AppError('forbidden');
      }
      const month = request.query.month ?? currentMonthJst();
      return { sheet: await loadActivitySheet(app.db, { residentId, districtId, month }) };
    },
  );

  app.get(
    '/activity/:id',
    {
      schema: {
        tags: ['paper'],
        summary: 'A household’s monthly activity sheet (id: the resident; month: YYYY-MM, JST)',
        params: IdParams,
        querystring: ActivityMonthQuery,
        response: { 200: ActivitySheetResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const districtId = await residentDistrict(app.db, request.params.id);
      if (!canActInDistrict(user, districtId, ['coordinator', 'admin'])) {
        throw new AppError('forbidden');
      }
      const month = request.query.month ?? currentMonthJst();
      return {
        sheet: await loadActivitySheet(app.db, {
          residentId: request.params.id,
          districtId,
          month,
        }),
      };
    },
  );
};

export default paperRoutes;
