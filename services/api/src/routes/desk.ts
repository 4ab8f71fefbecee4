import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DeskRequestPage, DeskRequestQuery, ErrorBody } from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { currentUser, districtIdsFor, hasRole } from '../plugins/app/authorization.ts';
import { districtIdsByCode } from '../repositories/users-repository.ts';
import { listDeskRequests, type DeskScope } from '../use-cases/desk/list-desk-requests.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The coordinator's desk: the districts' requests as one sortable, filterable list. */
const deskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '/requests',
    {
      schema: {
        tags: ['desk'],
        summary: 'Requests of the coordinator’s districts (admins: all), filtered and paged',
        querystring: DeskRequestQuery,
        response: { 200: DeskRequestPage, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      // The scope is the session's; `district` may only narrow it.
      const scope: DeskScope = hasRole(user, 'admin')
        ? { kind: 'all' }
        : { kind: 'districts', ids: districtIdsFor(user, 'coordinator') };
      const { district, ...filters } = request.query;
      let districtId: string | undefined;
      if (district) {
        districtId = (await districtIdsByCode(app.db, [district])).get(district);
        if (!districtId) throw new AppError('not_found');
        if (scope.kind === 'districts' && !scope.ids.includes(districtId)) {
          throw new AppError('forbidden');
        }
      }
      return listDeskRequests(app.db, scope, districtId ? { ...filters, districtId } : filters);
    },
  );
};

export default deskRoutes;
