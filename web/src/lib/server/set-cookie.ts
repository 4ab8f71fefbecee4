import type { Cookies } from '@sveltejs/kit';
import { parseString } from 'set-cookie-parser';

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

/**
 * Parses one Set-Cookie header value with set-cookie-parser (RFC 6265 §5.2), keeping only what
 * relaying needs and only what is well formed: a token name, a path that starts with `/`, a
 * known SameSite. Domain is dropped: we never relay one.
 */
export function parseSetCookie(header: string): ParsedSetCookie | null {
  const parsed = parseString(header, { decodeValues: false, silent: true });
  if (!parsed) return null;
  const name = parsed.name.trim();
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return null;
  let value = parsed.value.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);

  const cookie: ParsedSetCookie = {
    name,
    value,
    secure: parsed.secure === true,
    httpOnly: parsed.httpOnly === true,
  };
  if (parsed.expires && !Number.isNaN(parsed.expires.getTime())) cookie.expires = parsed.expires;
  if (parsed.maxAge !== undefined && Number.isInteger(parsed.maxAge)) cookie.maxAge = parsed.maxAge;
  if (parsed.path?.startsWith('/')) cookie.path = parsed.path;
  const sameSite = parsed.sameSite?.toLowerCase();
  if (sameSite === 'lax' || sameSite === 'strict' || sameSite === 'none')
    cookie.sameSite = sameSite;
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
