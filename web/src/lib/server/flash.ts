import { redirect, type RequestEvent } from '@sveltejs/kit';

/**
 * A notice shown once after a form post (Post/Redirect/Get): the action stores a few short
 * words in a cookie and redirects with 303; the next page load takes them and deletes the cookie.
 * So a reload neither asks to resend the form nor shows 「受け付けました」 again, and no
 * `?created=1` sticks in the address bar (issue 14). Works the same with JavaScript off.
 */
export const FLASH_COOKIE = 'sasaeai_flash';
const FLASH_MAX_AGE_S = 120;
const WORD = /^[\w-]{1,64}$/;

export type Flash = Record<string, string>;

/** Keeps only short word-like keys and values (a cookie is input like any other). */
function clean(entries: Iterable<[string, string]>): Flash {
  const flash: Flash = {};
  let count = 0;
  for (const [key, value] of entries) {
    if (count >= 8) break;
    if (WORD.test(key) && WORD.test(value)) {
      flash[key] = value;
      count += 1;
    }
  }
  return flash;
}

/** Stores the notice and redirects (303) to `to`, by default the same page without its query. */
export function flashRedirect(event: RequestEvent, flash: Flash, to = event.url.pathname): never {
  event.cookies.set(FLASH_COOKIE, new URLSearchParams(clean(Object.entries(flash))).toString(), {
    path: '/',
    maxAge: FLASH_MAX_AGE_S,
    httpOnly: true,
    sameSite: 'lax',
    secure: event.url.protocol === 'https:',
  });
  redirect(303, to);
}

/** The notice stored for this page load, if any; it is deleted as it is read. */
export function takeFlash(event: RequestEvent): Flash | null {
  const raw = event.cookies.get(FLASH_COOKIE);
  if (raw === undefined) return null;
  event.cookies.delete(FLASH_COOKIE, { path: '/' });
  const flash = clean(new URLSearchParams(raw.slice(0, 1024)).entries());
  return Object.keys(flash).length > 0 ? flash : null;
}
