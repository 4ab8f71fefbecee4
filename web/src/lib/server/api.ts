/**
 * The one way server-side code talks to the API (services/api). In production both run in one
 * process and one origin for the browser; here we call the API over HTTP at API_INTERNAL_URL.
 *
 * Every call:
 *  - forwards the browser's `cookie` header (the API owns the session),
 *  - sets `origin` to the API's own origin (the API refuses unsafe methods from other origins;
 *    SvelteKit has already checked the browser's Origin against this site for form posts),
 *  - names the browser's address in `x-sasaeai-client-address`, with the per-process secret
 *    the API mounted us with (API_INTERNAL_SECRET) as proof, so rate limits see the person, not
 *    this process, and nobody else can name an address; `accept-language` to the page's
 *    language, and JSON content-type,
 *  - relays any Set-Cookie of the API's answer back to the browser.
 */
import { env } from '$env/dynamic/private';
import { error, type RequestEvent } from '@sveltejs/kit';
import type { ErrorBody, ErrorCode } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { relaySetCookies } from './set-cookie.ts';

export type ApiError = ErrorBody['error'];

export type ApiResult<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | { ok: false; status: number; error: ApiError; headers: Headers };

/** What of the SvelteKit event the client uses: works from `handle`, loads and actions. */
export type ApiEvent = Pick<RequestEvent, 'request' | 'cookies' | 'getClientAddress' | 'locals'>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiOptions {
  /** Extra request headers, e.g. `Idempotency-Key`; the client's own headers win over these. */
  headers?: Record<string, string>;
  /** Send a Blob body (an uploaded file) as is with this content type, instead of as JSON. */
  contentType?: string;
}

const DEFAULT_API_URL = 'http://127.0.0.1:3000';
const TIMEOUT_MS = 15_000;

let cachedBase: { raw: string; url: URL } | undefined;

/** API_INTERNAL_URL, validated the first time it is used (and again only if it changes). */
export function apiBaseUrl(): URL {
  const raw = env.API_INTERNAL_URL?.trim() || DEFAULT_API_URL;
  if (cachedBase?.raw === raw) return cachedBase.url;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`API_INTERNAL_URL is not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`API_INTERNAL_URL must be http(s): ${JSON.stringify(raw)}`);
  }
  cachedBase = { raw, url };
  return url;
}

function clientAddress(event: ApiEvent): string | null {
  try {
    return event.getClientAddress();
  } catch {
    return null;
  }
}

function requestHeaders(
  event: ApiEvent,
  base: URL,
  contentType: string | null,
  extra: Record<string, string> = {},
): Headers {
  const headers = new Headers({
    ...extra,
    accept: 'application/json',
    origin: base.origin,
    'accept-language': event.locals.locale ?? 'ja',
  });
  const cookie = event.request.headers.get('cookie');
  if (cookie) headers.set('cookie', cookie);
  const address = clientAddress(event);
  const secret = env.API_INTERNAL_SECRET;
  if (address && secret) {
    headers.set('x-sasaeai-client-address', address);
    headers.set('x-sasaeai-web-secret', secret);
  }
  const userAgent = event.request.headers.get('user-agent');
  if (userAgent) headers.set('user-agent', userAgent);
  if (contentType) headers.set('content-type', contentType);
  return headers;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const inner = (value as { error: unknown }).error;
  return (
    typeof inner === 'object' &&
    inner !== null &&
    typeof (inner as { code?: unknown }).code === 'string' &&
    typeof (inner as { message?: unknown }).message === 'object'
  );
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 400 || status === 422) return 'validation_failed';
  if (status === 503) return 'unavailable';
  return 'internal';
}

/** An error body for answers that did not carry the API's own (proxies, crashes). */
function syntheticError(status: number): ApiError {
  return {
    code: codeForStatus(status),
    message: { ja: t('ja', 'error.generic'), en: t('en', 'error.generic') },
  };
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Calls the API. Resolves with `ok: false` for any 4xx/5xx answer (with the API's error body);
 * throws SvelteKit's 503 when the API cannot be reached at all or is too busy to take the call.
 */
export async function api<T>(
  event: ApiEvent,
  method: Method,
  path: `/api/${string}`,
  body?: unknown,
  options: ApiOptions = {},
): Promise<ApiResult<T>> {
  const base = apiBaseUrl();
  const url = new URL(path, base);
  const file = body instanceof Blob && options.contentType ? body : null;
  const contentType = file
    ? (options.contentType ?? null)
    : body === undefined
      ? null
      : 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: requestHeaders(event, base, contentType, options.headers),
      body: file ?? (body === undefined ? null : JSON.stringify(body)),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    console.error(`[web] API ${method} ${path} unreachable at ${base.origin}`, cause);
    error(503, { message: t(event.locals.locale ?? 'ja', 'error.unavailable') });
  }

  relaySetCookies(event.cookies, response.headers);
  const payload = await readJson(response);

  if (response.ok) {
    return { ok: true, status: response.status, data: payload as T, headers: response.headers };
  }
  if (response.status === 503 && isErrorBody(payload) && payload.error.code === 'busy') {
    // Admission control refused the call: a plain "busy, try again or phone" page, whatever
    // the page was doing (a form's own error box would suggest the input was wrong).
    error(503, { message: t(event.locals.locale ?? 'ja', 'error.busy') });
  }
  if (response.status >= 500) {
    console.error(`[web] API ${method} ${path} answered ${response.status}`);
  }
  return {
    ok: false,
    status: response.status,
    error: isErrorBody(payload) ? payload.error : syntheticError(response.status),
    headers: response.headers,
  };
}

export const apiGet = <T>(event: ApiEvent, path: `/api/${string}`) => api<T>(event, 'GET', path);

export const apiPost = <T>(
  event: ApiEvent,
  path: `/api/${string}`,
  body?: unknown,
  options?: ApiOptions,
) => api<T>(event, 'POST', path, body ?? {}, options);

export const apiPut = <T>(event: ApiEvent, path: `/api/${string}`, body: unknown) =>
  api<T>(event, 'PUT', path, body);
