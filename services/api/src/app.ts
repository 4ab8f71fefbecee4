import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { loggableError, logRedactPaths } from '@sasaeai/db';
import type { ApiEnv } from './env.ts';
import { serializeRequest } from './logging/request-serializer.ts';
import { WEB_SECRET_HEADER } from './auth/client-address.ts';
import configPlugin from './plugins/external/config.ts';
import dbPlugin from './plugins/external/db.ts';
import redisPlugin from './plugins/external/redis.ts';
import rateLimitPlugin from './plugins/external/rate-limit.ts';
import swaggerPlugin from './plugins/external/swagger.ts';
import helmetPlugin from './plugins/external/helmet.ts';
import livePlugin from './plugins/external/live.ts';
import metricsPlugin from './plugins/external/metrics.ts';
import errorHandler from './plugins/app/error-handler.ts';
import gracefulClose from './plugins/app/graceful-close.ts';
import admission from './plugins/app/admission.ts';
import apiHeaders from './plugins/app/api-headers.ts';
import sameOrigin from './plugins/app/same-origin.ts';
import auth from './plugins/app/auth.ts';
import authorization from './plugins/app/authorization.ts';
import healthRoutes from './routes/health.ts';
import metricsRoutes from './routes/metrics.ts';
import authRoutes from './routes/auth/index.ts';
import meRoutes from './routes/me.ts';
import personalDataRoutes from './routes/personal-data.ts';
import districtRoutes from './routes/districts.ts';
import volunteerRoutes from './routes/volunteers.ts';
import adminRoutes from './routes/admin/index.ts';
import queuesBoard from './routes/admin/queues-board.ts';
import wsRoutes from './routes/ws.ts';
import helpRequestRoutes from './routes/help-requests.ts';
import matchRoutes from './routes/matches.ts';
import deskRoutes from './routes/desk.ts';
import deskReportRoutes from './routes/desk-reports.ts';
import residentRoutes from './routes/residents.ts';
import meVolunteerRoutes from './routes/me-volunteer.ts';
import meResidentRoutes from './routes/me-resident.ts';
import concernRoutes from './routes/concerns.ts';
import callRoutes from './routes/calls.ts';
import paperRoutes from './routes/paper.ts';
import volunteerRecordRoutes from './routes/volunteer-records.ts';
import webhookRoutes from './routes/webhooks.ts';
import notificationPreferenceRoutes from './routes/notification-preferences.ts';
import councilRoutes from './routes/council/index.ts';
import publicRoutes from './routes/public.ts';
import actionRoutes from './routes/actions.ts';
import passwordResetRoutes from './routes/password-reset.ts';
import weeklyRoutineRoutes from './routes/weekly-routines.ts';
import winterRegistrationRoutes from './routes/winter-registrations.ts';
import winterFeeRoutes from './routes/winter-fees.ts';
import insuranceRoutes from './routes/insurance.ts';
import seasonPairingRoutes from './routes/season-pairings.ts';
import snowEventRoutes from './routes/snow-events.ts';
import { mountWeb } from './web/mount-web.ts';

export interface BuildAppOptions {
  config: ApiEnv;
  /** Where the web build reaches the API; defaults to the configured host and port. */
  apiInternalUrl?: () => string;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
}

/** The API as one Fastify instance: external plugins, then the app's own, then routes. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      // Cookies, credentials and personal data never reach the logs, nor a failed query's values.
      redact: [...logRedactPaths, `req.headers["${WEB_SECRET_HEADER}"]`],
      serializers: { req: serializeRequest, err: loggableError },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: config.TRUST_PROXY.length > 0 ? config.TRUST_PROXY : false,
    bodyLimit: 256 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // 1. External plugins — and, as early as its dependencies allow, admission control: its
  // onRequest hook runs right after helmet's headers and before any other work (cookies, session),
  // so an overloaded API refuses for next to nothing (ARCHITECTURE.md, Overload).
  await app.register(configPlugin, { config });
  await app.register(dbPlugin);
  await app.register(redisPlugin);
  await app.register(helmetPlugin);
  await app.register(rateLimitPlugin); // only per-route hooks
  await app.register(metricsPlugin);
  await app.register(errorHandler);
  await app.register(admission);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(swaggerPlugin);
  await app.register(livePlugin);

  // 2. The app's own plugins.
  await app.register(gracefulClose);
  await app.register(apiHeaders);
  await app.register(sameOrigin);
  await app.register(auth);
  await app.register(authorization);

  // 3. Routes.
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(metricsRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(meRoutes, { prefix: '/api/me' });
  await app.register(districtRoutes, { prefix: '/api/districts' });
  await app.register(volunteerRoutes, { prefix: '/api/volunteers' });
  await app.register(insuranceRoutes, { prefix: '/api/volunteers/insurance' });
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(queuesBoard);
  await app.register(helpRequestRoutes, { prefix: '/api/help-requests' });
  await app.register(matchRoutes, { prefix: '/api/matches' });
  await app.register(deskRoutes, { prefix: '/api/desk' });
  await app.register(deskReportRoutes, { prefix: '/api/desk' });
  await app.register(residentRoutes, { prefix: '/api/residents' });
  await app.register(meVolunteerRoutes, { prefix: '/api/me' });
  await app.register(meResidentRoutes, { prefix: '/api/me' });
  await app.register(concernRoutes, { prefix: '/api/concerns' });
  await app.register(callRoutes, { prefix: '/api/calls' });
  await app.register(paperRoutes, { prefix: '/api/paper' });
  await app.register(volunteerRecordRoutes, { prefix: '/api' });
  await app.register(webhookRoutes, { prefix: '/api/webhooks' });
  await app.register(notificationPreferenceRoutes, { prefix: '/api' });
  await app.register(councilRoutes, { prefix: '/api/council' });
  await app.register(publicRoutes, { prefix: '/api/public' });
  await app.register(actionRoutes, { prefix: '/api/actions' });
  await app.register(passwordResetRoutes, { prefix: '/api/auth/password-reset' });
  await app.register(winterRegistrationRoutes, { prefix: '/api/winter-registrations' });
  await app.register(winterFeeRoutes, { prefix: '/api/winter-fees' });
  await app.register(seasonPairingRoutes, { prefix: '/api/season-pairings' });
  await app.register(snowEventRoutes, { prefix: '/api/snow-events' });
  await app.register(weeklyRoutineRoutes, { prefix: '/api' });
  await app.register(personalDataRoutes, { prefix: '/api' });
  await app.register(wsRoutes);

  if (config.WEB_BUILD_DIR) {
    await mountWeb(app, {
      buildDir: config.WEB_BUILD_DIR,
      apiInternalUrl:
        options.apiInternalUrl ?? (() => `http://${config.HOST}:${String(config.PORT)}`),
    });
  }
  return app;
}
