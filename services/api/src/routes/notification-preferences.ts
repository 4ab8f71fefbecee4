import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  IdParams,
  NotificationPreferencesInput,
  NotificationPreferencesResponse,
} from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import {
  issueLineLinkCode,
  loadNotificationPreferences,
  residentInCoordinatorsDistrict,
  saveNotificationPreferences,
  unlinkLine,
} from '../use-cases/notification-preferences.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const answer = { 200: NotificationPreferencesResponse, ...errors };

/**
 * How a person is reached: channel order, SMS number, LINE link, language, quiet hours. Each
 * person edits their own; a coordinator sets them for a resident of their districts (a
 * phoned-in resident has no log-in), an admin for any resident.
 */
const notificationPreferenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const own = { preHandler: app.requireUser };

  app.get(
    '/me/notification-preferences',
    { ...own, schema: { tags: ['account'], summary: 'How I am notified', response: answer } },
    async (request) => ({
      preferences: await loadNotificationPreferences(app.db, currentUser(request).id),
    }),
  );

  app.put(
    '/me/notification-preferences',
    {
      ...own,
      schema: {
        tags: ['account'],
        summary: 'Set how I am notified (channel order, SMS number, language, quiet hours)',
        body: NotificationPreferencesInput,
        response: answer,
      },
    },
    async (request) => {
      const user = currentUser(request);
      return {
        preferences: await saveNotificationPreferences(app.db, user.id, request.body, user.id),
      };
    },
  );

  app.post(
    '/me/notification-preferences/line-code',
    {
      ...own,
      schema: {
        tags: ['account'],
        summary: 'A one-time code to send to the LINE bot, which links my LINE (30 minutes)',
        response: answer,
      },
    },
    async (request) => ({
      preferences: await issueLineLinkCode(app.db, currentUser(request).id),
    }),
  );

  app.delete(
    '/me/notification-preferences/line',
    { ...own, schema: { tags: ['account'], summary: 'Unlink my LINE', response: answer } },
    async (request) => ({ preferences: await unlinkLine(app.db, currentUser(request).id) }),
  );

  const coordinator = { preHandler: app.requireRole('coordinator', 'admin') };

  app.get(
    '/residents/:id/notification-preferences',
    {
      ...coordinator,
      schema: {
        tags: ['residents'],
        summary: 'How a resident of my districts is notified',
        params: IdParams,
        response: answer,
      },
    },
    async (request) => {
      await residentInCoordinatorsDistrict(app.db, currentUser(request), request.params.id);
      return { preferences: await loadNotificationPreferences(app.db, request.params.id) };
    },
  );

  app.put(
    '/residents/:id/notification-preferences',
    {
      ...coordinator,
      schema: {
        tags: ['residents'],
        summary: 'Set how a (phoned-in) resident of my districts is notified',
        params: IdParams,
        body: NotificationPreferencesInput,
        response: answer,
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { districtId } = await residentInCoordinatorsDistrict(app.db, user, request.params.id);
      return {
        preferences: await saveNotificationPreferences(
          app.db,
          request.params.id,
          request.body,
          user.id,
          districtId,
        ),
      };
    },
  );
};

export default notificationPreferenceRoutes;
