import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/** What an API answer may load or be framed by: nothing (it is JSON or CSV, never a page). */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * API answers carry personal data (addresses, names, notes) and sessions: no browser or proxy
 * may keep a copy, and none may be rendered as a page. The few HTML pages under /api (the docs
 * in development, the admins' queues board) load their own scripts, so they keep no CSP here.
 */
export default fp(
  async function apiHeaders(app: FastifyInstance) {
    app.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith('/api')) return;
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      const type = String(reply.getHeader('content-type') ?? '');
      if (!type.startsWith('text/html')) reply.header('content-security-policy', API_CSP);
    });
  },
  { name: 'api-headers' },
);
