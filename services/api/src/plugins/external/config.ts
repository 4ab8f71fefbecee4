import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ApiEnv } from '../../env.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: ApiEnv;
  }
}

export default fp(
  async function configPlugin(app: FastifyInstance, options: { config: ApiEnv }) {
    app.decorate('config', options.config);
  },
  { name: 'config' },
);
