import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ActionTokenParams,
  ErrorBody,
  PasswordResetBody,
  PasswordResetLinkView,
  PasswordResetRequestBody,
} from '@sasaeai/contracts';
import { requestPasswordReset } from '../use-cases/request-password-reset.ts';
import { checkPasswordResetLink } from '../use-cases/check-password-reset-link.ts';
import { resetPassword } from '../use-cases/reset-password.ts';

const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 410: ErrorBody, 429: ErrorBody };

/** Forgotten passwords: ask for a mail (no log-in, no hint whether the account exists), then set one. */
const passwordResetRoutes: FastifyPluginAsyncZod = async (app) => {
  const linkRateLimit = { max: app.config.ACTION_LINK_RATE_LIMIT_MAX, timeWindow: 60_000 };

  app.post(
    '',
    {
      config: {
        rateLimit: { max: app.config.PASSWORD_RESET_RATE_LIMIT_MAX, timeWindow: 60 * 60 * 1000 },
      },
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password-reset mail; the same answer whether or not the account exists',
        body: PasswordResetRequestBody,
        response: { 202: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(
        { db: app.db, redis: app.redis, redisPrefix: app.config.REDIS_PREFIX },
        request.body.email,
      );
      return reply.code(202).send(null);
    },
  );

  app.get(
    '/:token',
    {
      config: { rateLimit: linkRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Whether a password-reset link still works',
        params: ActionTokenParams,
        response: { 200: PasswordResetLinkView, ...errors },
      },
    },
    async (request) => checkPasswordResetLink(app.db, request.params.token),
  );

  app.post(
    '/:token',
    {
      config: { rateLimit: linkRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password from a reset link; every session of the account ends',
        params: ActionTokenParams,
        body: PasswordResetBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { userId } = await resetPassword(
        app.db,
        request.params.token,
        request.body.newPassword,
      );
      await app.live.endSessions({ userId });
      return reply.code(204).send(null);
    },
  );
};

export default passwordResetRoutes;
