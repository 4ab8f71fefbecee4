import type { Cookies } from '@sveltejs/kit';

/** One `Set-Cookie` header, as far as relaying it to the browser needs. */
export interface ParsedSetCookie {
  name: string;
  value: string;
  expires?: Date;
  maxAge?: number;
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
}

/** Parses one Set-Cookie header value (RFC 6265 §5.2, without Domain: we never relay one). */
export function parseSetCookie(header: string): ParsedSetCookie | null {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const name = pair.slice(0, eq).trim();
  let value = pair.slice(eq + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return null;

  const cookie: ParsedSetCookie = { name, value, secure: false, httpOnly: false };
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const raw = at === -1 ? '' : attribute.slice(at + 1).trim();
    switch (key) {
      case 'expires': {
        const date = new Date(raw);
        if (!Number.isNaN(date.getTime())) cookie.expires = date;
        break;
      }
      case 'max-age': {
        if (/^-?\d+$/.test(raw)) cookie.maxAge = Number.parseInt(raw, 10);
        break;
      }
      case 'path':
        if (raw.startsWith('/')) cookie.path = raw;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite': {
        const lower = raw.toLowerCase();
        if (lower === 'lax' || lower === 'strict' || lower === 'none') cookie.sameSite = lower;
        break;
      }
      default:
        break;
    }
  }
  return cookie;
}

/** True when the header tells the browser to drop the cookie rather than keep it. */
export function isDeletion(cookie: ParsedSetCookie, now = new Date()): boolean {
  if (cookie.value === '') return true;
  if (cookie.maxAge !== undefined) return cookie.maxAge <= 0;
  return cookie.expires !== undefined && cookie.expires.getTime() <= now.getTime();
}

/**
 * Re-sets on the browser every cookie the API set on its response to us, with the API's own
 * attributes: the API stays the only authority on the session cookie (name, expiry, Secure),
 * and a sliding-expiry refresh on any call reaches the browser too.
 */
export function relaySetCookies(cookies: Cookies, headers: Headers): void {
  for (const header of headers.getSetCookie()) {
    const cookie = parseSetCookie(header);
    if (!cookie) continue;
    const options = {
      path: cookie.path ?? '/',
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
      sameSite: cookie.sameSite ?? ('lax' as const),
      // The value is already in its wire form: pass it through untouched.
      encode: (value: string) => value,
    };
    if (isDeletion(cookie)) {
      cookies.delete(cookie.name, options);
    } else {
      cookies.set(cookie.name, cookie.value, {
        ...options,
        ...(cookie.expires ? { expires: cookie.expires } : {}),
        ...(cookie.maxAge !== undefined ? { maxAge: cookie.maxAge } : {}),
      });
    }
  }
}
