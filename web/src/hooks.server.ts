import { error, type Handle, type HandleServerError } from '@sveltejs/kit';
import type { MeResponse } from '@sasaeai/contracts';
import { resolveLocale, t } from '$lib/i18n';
import { apiGet, type ApiEvent } from '$lib/server/api';
import { LANG_COOKIE } from '$lib/server/lang';
import { decodeReadingAids, READING_AIDS_COOKIE } from '$lib/server/reading-aids';
import { deleteSessionCookies, hasSessionCookie } from '$lib/server/session';

/** The account behind the session cookie, asked of the API (which owns sessions). */
async function currentUser(event: ApiEvent): Promise<MeResponse | null> {
  const result = await apiGet<MeResponse>(event, '/api/me');
  if (result.ok) return result.data;
  if (result.status === 401) {
    // Expired or revoked (e.g. after a password change elsewhere): stop sending it.
    deleteSessionCookies(event.cookies);
    return null;
  }
  console.error(`[web] GET /api/me answered ${result.status} (${result.error.code})`);
  // The API is failing: say so rather than show a signed-in person a signed-out page.
  if (result.status >= 500) error(503, { message: t(event.locals.locale, 'error.unavailable') });
  return null;
}

export const handle: Handle = async ({ event, resolve }) => {
  const locale = resolveLocale(
    event.cookies.get(LANG_COOKIE),
    event.request.headers.get('accept-language'),
  );
  event.locals.locale = locale;
  const me = hasSessionCookie(event.cookies) ? await currentUser(event) : null;
  event.locals.user = me?.user ?? null;
  event.locals.centre = me?.centre ?? null;
  const aids =
    event.locals.user?.readingAids ?? decodeReadingAids(event.cookies.get(READING_AIDS_COOKIE));
  event.locals.readingAids = aids;

  const response = await resolve(event, {
    // app.html's <html> carries the text size and contrast, so CSS applies them before paint.
    transformPageChunk: ({ html }) =>
      html
        .replace('%lang%', locale)
        .replace('%textsize%', aids.textSize)
        .replace('%contrast%', aids.highContrast ? 'high' : 'normal'),
  });
  if (response.status === 503 && !response.headers.has('retry-after')) {
    // Busy or unreachable API: tell browsers and proxies when a retry makes sense.
    response.headers.set('retry-after', '10');
  }
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    // Pages carry the person's name and roles: never cache them in shared caches.
    response.headers.set('cache-control', 'private, no-store');
    response.headers.set('vary', 'cookie, accept-language');
  }
  return response;
};

export const handleError: HandleServerError = ({ error: cause, event, status }) => {
  if (status !== 404) console.error('[web] unexpected error', event.url.pathname, cause);
  const locale = event.locals.locale ?? 'ja';
  return { message: t(locale, status === 404 ? 'error.notFound' : 'error.generic') };
};
