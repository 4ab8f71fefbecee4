import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from '../../auth/cookies.ts';
import { authenticate } from '../../auth/authenticate.ts';
import type { SessionRecord } from '../../auth/sessions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every request: the signed-in user and session, or nulls. */
    auth: { user: SessionUser | null; session: SessionRecord | null };
  }
}

/** Reads the session cookie on every request and refreshes it when the session slides. */
export default fp(
  async function authPlugin(app: FastifyInstance) {
    const production = app.config.NODE_ENV === 'production';
    const cookieName = sessionCookieName(production);
    const ttlDays = app.config.SESSION_TTL_DAYS;

    app.decorateRequest('auth', null as unknown as { user: null; session: null });

    app.addHook('onRequest', async (request, reply) => {
      request.auth = { user: null, session: null };
      if (!request.url.startsWith('/api') && !request.url.startsWith('/ws')) return;
      const token = request.cookies[cookieName];
      if (!token) return;
      const result = await authenticate(app.db, token, ttlDays);
      if (!result) {
        clearSessionCookie(reply, production);
        return;
      }
      request.auth = { user: result.user, session: result.session };
      if (result.renewed) setSessionCookie(reply, production, token, result.session.expiresAt);
    });
  },
  { name: 'auth', dependencies: ['db', 'config'] },
);
