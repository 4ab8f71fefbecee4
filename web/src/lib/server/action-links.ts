/**
 * Pages opened from a link in a message (an offer's one-tap link, a password reset): the
 * token is checked by the API; this only keeps mangled paths from reaching it and names why a
 * link did not work, for the page to say in plain words.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { ApiResult } from './api.ts';

export type LinkRefusal = 'invalid' | 'used' | 'expired';

/** A token as the API issues it: `<id>.<secret>`. Anything else is refused without asking. */
export function isTokenShaped(token: string): boolean {
  return /^[a-z0-9]{1,100}\.[a-z0-9]{1,100}$/i.test(token);
}

/** Why the API refused a link, or null when it refused for another reason. */
export function linkRefusal(
  result: Extract<ApiResult<unknown>, { ok: false }>,
): LinkRefusal | null {
  switch (result.error.code) {
    case 'link_invalid':
      return 'invalid';
    case 'link_used':
      return 'used';
    case 'link_expired':
      return 'expired';
    default:
      return null;
  }
}

/**
 * The token is in the path: no Referer may carry it to another site. `same-origin`, not
 * `no-referrer`, which would make the browser send `Origin: null` with the page's own form and
 * fail the same-origin check. Set by the load only (it also runs after a form action without
 * JavaScript, and SvelteKit refuses a header set twice).
 */
export function protectTokenPage(event: Pick<RequestEvent, 'setHeaders'>): void {
  event.setHeaders({ 'referrer-policy': 'same-origin' });
}
