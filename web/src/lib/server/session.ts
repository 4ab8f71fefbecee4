import type { Cookies } from '@sveltejs/kit';

/**
 * The API names its session cookie `__Host-sasaeai_session` in production and
 * `sasaeai_session` otherwise. The web app never mints it: it forwards the browser's cookie
 * header to the API and relays the API's Set-Cookie back, so it only needs the names to know
 * whether a session might exist and to delete it on log-out.
 */
export const SESSION_COOKIE_NAMES = ['__Host-sasaeai_session', 'sasaeai_session'] as const;

export function hasSessionCookie(cookies: Cookies): boolean {
  return SESSION_COOKIE_NAMES.some((name) => Boolean(cookies.get(name)));
}

export function deleteSessionCookies(cookies: Cookies): void {
  for (const name of SESSION_COOKIE_NAMES) {
    if (cookies.get(name) === undefined) continue;
    cookies.delete(name, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: name.startsWith('__Host-'),
    });
  }
}
