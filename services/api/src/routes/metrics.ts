import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  return given !== '' && timingSafeEqual(sha256(given), sha256(token));
}

/**
 * `/metrics` in Prometheus text format, for a scraper holding `METRICS_TOKEN`; to anyone else,
 * and to everyone when no token is configured, it does not exist (404).
 */
const metricsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = app.config.METRICS_TOKEN;
    if (!token || !bearerMatches(request, token)) throw new AppError('not_found');
    return reply
      .header('cache-control', 'no-store')
      .type(app.metrics.contentType)
      .send(await app.metrics.metrics());
  });
};

export default metricsRoutes;
