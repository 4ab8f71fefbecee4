import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { ConcernList, ErrorBody, IdParams } from '@sasaeai/contracts';
import {
  auditEvents,
  concerns,
  districts,
  residentProfiles,
  helpRequests,
  users,
} from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import {
  canActInDistrict,
  currentUser,
  districtIdsFor,
  hasRole,
} from '../plugins/app/authorization.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** 見守り: worries volunteers raised, for the coordinators of the resident's district. */
const concernRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Wellbeing concerns in the coordinator’s districts',
        querystring: z.object({ status: z.enum(['open', 'followed_up']).optional() }),
        response: { 200: ConcernList, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const conditions: SQL[] = [];
      if (!hasRole(user, 'admin'))
        conditions.push(inArray(concerns.districtId, districtIdsFor(user, 'coordinator')));
      if (request.query.status) conditions.push(eq(concerns.status, request.query.status));
      const rows = await app.db
        .select({
          concern: concerns,
          district: districts.code,
          raisedBy: users.displayName,
          residentName: residentProfiles.fullName,
        })
        .from(concerns)
        .innerJoin(districts, eq(districts.id, concerns.districtId))
        .innerJoin(users, eq(users.id, concerns.raisedBy))
        .innerJoin(helpRequests, eq(helpRequests.id, concerns.requestId))
        .leftJoin(residentProfiles, eq(residentProfiles.userId, helpRequests.residentId))
        .where(and(...conditions))
        .orderBy(desc(concerns.createdAt))
        .limit(200);
      return {
        concerns: rows.map((row) => ({
          id: row.concern.id,
          requestId: row.concern.requestId,
          district: row.district,
          status: row.concern.status,
          note: row.concern.note,
          raisedBy: row.raisedBy,
          residentName: row.residentName ?? '',
          createdAt: row.concern.createdAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/:id/follow-up',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Mark a concern as followed up',
        params: IdParams,
        response: { 200: z.object({ id: z.uuid(), status: z.literal('followed_up') }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const [concern] = await app.db
        .select()
        .from(concerns)
        .where(eq(concerns.id, request.params.id));
      if (!concern) throw new AppError('not_found');
      if (!canActInDistrict(user, concern.districtId, ['coordinator', 'admin']))
        throw new AppError('forbidden');
      await app.db.transaction(async (tx) => {
        await tx
          .update(concerns)
          .set({ status: 'followed_up', followedUpBy: user.id, followedUpAt: new Date() })
          .where(eq(concerns.id, concern.id));
        await tx.insert(auditEvents).values({
          actorId: user.id,
          action: 'concern.followed_up',
          subjectType: 'concern',
          subjectId: concern.id,
          districtId: concern.districtId,
        });
      });
      return { id: concern.id, status: 'followed_up' as const };
    },
  );
};

export default concernRoutes;
