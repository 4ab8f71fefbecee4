import type { FastifyRequest } from 'fastify';

/** Paths whose last segment is a link token: a credential, so never written to the logs. */
const tokenPath = /^(\/(?:api\/actions|a|password-reset|api\/auth\/password-reset))\/[^/?#]+/;

export function withoutLinkToken(url: string): string {
  return url.replace(tokenPath, '$1/[token]');
}

/** Fastify's default request log fields, with link tokens cut out of the URL. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: withoutLinkToken(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
