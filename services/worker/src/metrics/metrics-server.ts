import { createServer } from 'node:http';
import { once } from 'node:events';
import type { Registry } from 'prom-client';
import { describeError, type Logger } from '../logger.ts';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` on a port of its own (not public: bind it to the pod or loopback), so a
 * worker, which has no HTTP API, can be scraped. Anything else is 404.
 */
export async function startMetricsServer({
  registry,
  host,
  port,
  logger,
}: {
  registry: Registry;
  host: string;
  port: number;
  logger: Logger;
}): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry
      .metrics()
      .then((text) => {
        response.writeHead(200, { 'content-type': registry.contentType }).end(text);
      })
      .catch((error: unknown) => {
        logger.error(describeError(error), 'metrics collection failed');
        response.writeHead(500).end();
      });
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
