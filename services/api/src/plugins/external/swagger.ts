import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The OpenAPI document is generated from the routes' zod schemas; no hand-written spec. */
export default fp(
  async function swaggerPlugin(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Sasaeai API',
          description:
            'ささえあい — volunteer matching for the district volunteer centres of Asahikawa. ' +
            'Authentication is by session cookie; unsafe methods must come from the same origin.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'sasaeai_session' },
          },
        },
      },
      transform: jsonSchemaTransform,
    });
    // The interactive docs and the document itself are for developers, not the public.
    if (app.config.NODE_ENV === 'production') return;
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger', dependencies: ['config'] },
);
