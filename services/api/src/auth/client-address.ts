import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { generateRandomId } from './session-token.ts';

/** The client address the in-process web handler names on its calls to the API. */
export const WEB_CLIENT_HEADER = 'x-sasaeai-client-address';
/** Proves a call comes from the web handler of this very process. */
export const WEB_SECRET_HEADER = 'x-sasaeai-web-secret';

/**
 * Made at start-up, never configured, logged or sent anywhere but to this process's own API:
 * only the SvelteKit handler mounted in this process knows it (mount-web.ts hands it over).
 */
export const webSecret = generateRandomId();
const webSecretBytes = Buffer.from(webSecret);

function isWebHandler(request: FastifyRequest): boolean {
  const given = request.headers[WEB_SECRET_HEADER];
  if (typeof given !== 'string') return false;
  const bytes = Buffer.from(given);
  return bytes.length === webSecretBytes.length && timingSafeEqual(bytes, webSecretBytes);
}

/**
 * The address a request is attributed to (rate limits): the web handler's word for the browser
 * behind it, otherwise `request.ip`, which honours X-Forwarded-For only from TRUST_PROXY.
 */
export function clientAddressOf(request: FastifyRequest): string {
  const named = request.headers[WEB_CLIENT_HEADER];
  if (typeof named === 'string' && named !== '' && named.length <= 64 && isWebHandler(request)) {
    return named;
  }
  return request.ip;
}
