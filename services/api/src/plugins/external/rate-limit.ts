import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { rateLimited } from '../../errors/rate-limited.ts';
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
      errorResponseBuilder: (_request, context) => rateLimited(context.ttl / 1000),
    });
  },
  { name: 'rate-limit', dependencies: ['redis'] },
);
