import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { CallTaskList, ErrorBody, IdParams } from '@sasaeai/contracts';
import { callScript } from '@sasaeai/core';
import { CALL_OVERDUE_PREFIX, helperNameOf } from '@sasaeai/db/notifications';
import {
  auditEvents,
  districts,
  helpRequests,
  matches,
  notifications,
  users,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import {
  canActInDistrict,
  currentUser,
  districtIdsFor,
  hasRole,
} from '../plugins/app/authorization.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The helper a resident is told of (match.accepted), as the resident may know them. */
const helpers = alias(users, 'helper');

/**
 * The coordinators' call list: notifications that fell back to `phone_call` in their districts
 * (the last channel of a person's order), each with a short script in plain Japanese; calls
 * not made by their deadline (escalated by the worker) come first. Calling marks the row
 * `delivered`.
 */
const callRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '',
    {
      schema: {
        tags: ['calls'],
        summary: 'People to phone in the coordinator’s districts (nothing else reached them)',
        response: { 200: CallTaskList, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const conditions: SQL[] = [
        eq(notifications.channel, 'phone_call'),
        eq(notifications.status, 'sent'),
      ];
      if (!hasRole(user, 'admin'))
        conditions.push(inArray(notifications.districtId, districtIdsFor(user, 'coordinator')));
      // Escalated by the worker's scan (`call.overdue:<id>`): not made by its deadline.
      const overdue = sql<boolean>`exists (select 1 from notifications escalation where escalation.event_key = ${CALL_OVERDUE_PREFIX} || ${notifications.id}::text)`;
      const rows = await app.db
        .select({
          call: notifications,
          district: districts.code,
          personName: users.displayName,
          category: helpRequests.category,
          windowStart: helpRequests.windowStart,
          windowEnd: helpRequests.windowEnd,
          helperName: helpers.displayName,
          helperKind: volunteerProfiles.kind,
          helperGroupName: volunteerProfiles.groupName,
          overdue,
        })
        .from(notifications)
        .innerJoin(districts, eq(districts.id, notifications.districtId))
        .innerJoin(users, eq(users.id, notifications.userId))
        .leftJoin(helpRequests, eq(helpRequests.id, notifications.requestId))
        .leftJoin(matches, eq(matches.id, notifications.matchId))
        .leftJoin(helpers, eq(helpers.id, matches.volunteerId))
        .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, matches.volunteerId))
        .where(and(...conditions))
        .orderBy(desc(overdue), asc(notifications.createdAt))
        .limit(200);
      return {
        calls: rows.map((row) => ({
          id: row.call.id,
          eventType: row.call.eventType,
          personName: row.personName,
          language: row.call.language,
          requestId: row.call.requestId,
          district: row.district,
          createdAt: row.call.createdAt.toISOString(),
          overdue: row.overdue,
          script: callScript({
            eventType: row.call.eventType,
            personName: row.personName,
            category: row.category,
            windowStart: row.windowStart,
            windowEnd: row.windowEnd,
            helperName:
              row.helperName === null
                ? null
                : helperNameOf({
                    displayName: row.helperName,
                    kind: row.helperKind,
                    groupName: row.helperGroupName,
                  }),
          }),
        })),
      };
    },
  );

  app.post(
    '/:id/done',
    {
      schema: {
        tags: ['calls'],
        summary: 'Record that the person was phoned',
        params: IdParams,
        response: { 200: z.object({ id: z.uuid(), status: z.literal('delivered') }), ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const [call] = await app.db
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.id, request.params.id), eq(notifications.channel, 'phone_call')),
        );
      if (!call?.districtId) throw new AppError('not_found');
      if (!canActInDistrict(user, call.districtId, ['coordinator', 'admin']))
        throw new AppError('forbidden');
      if (call.status !== 'sent' && call.status !== 'delivered') throw new AppError('conflict');
      await app.db.transaction(async (tx) => {
        const changed = await tx
          .update(notifications)
          .set({ status: 'delivered' })
          .where(and(eq(notifications.id, call.id), eq(notifications.status, 'sent')))
          .returning({ id: notifications.id });
        if (changed.length === 0) return;
        await tx.insert(auditEvents).values({
          actorId: user.id,
          action: 'notification.called',
          subjectType: 'notification',
          subjectId: call.id,
          districtId: call.districtId,
        });
      });
      return { id: call.id, status: 'delivered' as const };
    },
  );
};

export default callRoutes;
