import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer, pages included (nosniff, frame and referrer policies…).
 * Helmet's Content-Security-Policy is off: the pages carry SvelteKit's own, with the hashes of
 * its scripts (web/svelte.config.js), and the API sets a stricter one on its answers.
 * The referrer policy is `same-origin`, not helmet's `no-referrer`: under `no-referrer` a
 * browser sends `Origin: null` with a form post, and SvelteKit refuses every form sent without
 * JavaScript as cross-site. HSTS only in production, where the site is served over HTTPS.
 */
export default fp(
  async function helmetPlugin(app: FastifyInstance) {
    await app.register(helmet, {
      contentSecurityPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
      ...(app.config.NODE_ENV === 'production' ? {} : { strictTransportSecurity: false }),
    });
  },
  { name: 'helmet', dependencies: ['config'] },
);
