import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody, PublicNeeds } from '@sasaeai/contracts';
import { cachedNeedsBoard } from '../use-cases/public/needs-board.ts';

/**
 * What anyone may read without logging in. Limited per address (Redis, shared by instances)
 * and answered from a board at most `COUNCIL_MAX_STALE_SECONDS` old, so a shared link opened
 * by a whole town costs little.
 */
const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  const board = cachedNeedsBoard(app.db, app.config.COUNCIL_MAX_STALE_SECONDS * 1000);

  app.get(
    '/needs',
    {
      config: { rateLimit: { max: app.config.PUBLIC_RATE_LIMIT_MAX, timeWindow: 60_000 } },
      schema: {
        tags: ['public'],
        summary: 'Open needs of the coming week per district and category (counts only; public)',
        description:
          'No names, addresses, times or ids. A district with fewer than `minCount` needs of a ' +
          'kind is counted in that kind’s `grouped` figure instead of by name.',
        response: { 200: PublicNeeds, 429: ErrorBody, 503: ErrorBody },
      },
    },
    async () => board(),
  );
};

export default publicRoutes;
