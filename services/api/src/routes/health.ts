import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Healthz, Readyz } from '@sasaeai/contracts';

async function within<T>(ms: number, work: Promise<T>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true).catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Healthz } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'PostgreSQL and Redis are reachable',
        response: { 200: Readyz, 503: Readyz },
      },
    },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        within(
          2000,
          app.sql`select 1`.then(() => undefined),
        ),
        within(2000, app.redis.ping()),
      ]);
      const ready = postgres && redis;
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'unavailable', checks: { postgres, redis } });
    },
  );
};

export default healthRoutes;
