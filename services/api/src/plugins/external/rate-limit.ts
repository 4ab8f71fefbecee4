import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error.ts';
import { clientAddressOf } from '../../auth/client-address.ts';

/**
 * Rate limits live in Redis so that several API instances share one count. Nothing is limited
 * globally; routes opt in (log-in, sign-up, the 404 handler).
 */
export default fp(
  async function rateLimitPlugin(app: FastifyInstance) {
    await app.register(rateLimit, {
      global: false,
      redis: app.redis,
      nameSpace: `${app.config.REDIS_PREFIX}:rate:`,
      keyGenerator: clientAddressOf,
      errorResponseBuilder: () => new AppError('rate_limited'),
    });
  },
  { name: 'rate-limit', dependencies: ['redis'] },
);
