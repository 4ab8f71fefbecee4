import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions: an unsafe request is refused when the browser says it came
 * from another site. Sec-Fetch-Site is trusted first; failing that, Origin must match Host.
 * Requests with neither header do not come from a browser, so they cannot carry a forged cookie.
 */
export function isCrossOrigin(request: FastifyRequest): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  const host = request.headers.host;
  if (!host || origin === 'null') return true;
  try {
    // Compare through URL so a default port (`:80`, `:443`) on either side does not matter.
    const originUrl = new URL(origin);
    return originUrl.host !== new URL(`${originUrl.protocol}//${host}`).host;
  } catch {
    return true;
  }
}

export default fp(
  async function sameOriginPlugin(app: FastifyInstance) {
    app.addHook('onRequest', async (request) => {
      if (safeMethods.has(request.method)) return;
      if (!request.url.startsWith('/api')) return;
      if (isCrossOrigin(request)) throw new AppError('cross_origin');
    });
  },
  { name: 'same-origin' },
);
