import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../errors/app-error.ts';
import {
  clientAddressOf,
  WEB_CLIENT_HEADER,
  WEB_SECRET_HEADER,
  webSecret,
} from '../auth/client-address.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface MountWebOptions {
  buildDir: string;
  /** Where the web server's own code reaches this API; known only once the server listens. */
  apiInternalUrl: () => string;
}

/**
 * Serves the SvelteKit (adapter-node) build on the API's own origin, so the browser sees pages,
 * `/api` and `/ws` on one host and port. The build is imported on first use because SvelteKit
 * reads its private environment (API_INTERNAL_URL) when it starts, after the port is known.
 */
export async function mountWeb(app: FastifyInstance, options: MountWebOptions): Promise<void> {
  const handlerUrl = pathToFileURL(join(resolve(options.buildDir), 'handler.js')).href;
  let handler: Promise<NodeHandler> | undefined;
  const load = () => {
    handler ??= (async () => {
      process.env.API_INTERNAL_URL = options.apiInternalUrl();
      // adapter-node assumes https unless told; the protocol comes from a header set below.
      process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
      // getClientAddress() reads the address this process attributes the request to (set
      // below), and the web's API calls prove with the secret that they may name it.
      process.env.ADDRESS_HEADER = WEB_CLIENT_HEADER;
      process.env.API_INTERNAL_SECRET = webSecret;
      const module = (await import(handlerUrl)) as { handler: NodeHandler };
      return module.handler;
    })();
    return handler;
  };

  await app.register(async function webRoutes(web) {
    // Leave request bodies unread: SvelteKit parses its own form posts.
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('*', (_request, _payload, done) => done(null));
    web.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/*',
      schema: { hide: true },
      handler: async (request, reply) => {
        if (request.url.startsWith('/api/') || request.url === '/api') {
          throw new AppError('not_found');
        }
        const serve = await load();
        // Overwrite whatever the client sent: request.protocol already honours X-Forwarded-Proto
        // from trusted proxies only, so SvelteKit's own origin check sees the real scheme.
        request.raw.headers['x-forwarded-proto'] = request.protocol;
        request.raw.headers[WEB_CLIENT_HEADER] = clientAddressOf(request);
        delete request.raw.headers[WEB_SECRET_HEADER];
        reply.hijack();
        for (const [name, value] of Object.entries(reply.getHeaders())) {
          if (value !== undefined) reply.raw.setHeader(name, value as string | string[]);
        }
        serve(request.raw, reply.raw, () => {
          reply.raw.statusCode = 404;
          reply.raw.end('Not found');
        });
      },
    });
  });
}
