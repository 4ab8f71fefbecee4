import { redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n';
import { LANG_COOKIE, LANG_COOKIE_MAX_AGE } from '$lib/server/lang';
import { safeRedirectTarget } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

// The language switch in the header posts here; a plain form, so it works without JavaScript.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const data = await request.formData();
    const lang = data.get('lang');
    if (isLocale(lang)) {
      cookies.set(LANG_COOKIE, lang, {
        path: '/',
        maxAge: LANG_COOKIE_MAX_AGE,
        httpOnly: true,
        sameSite: 'lax',
        secure: url.protocol === 'https:',
      });
    }
    redirect(303, safeRedirectTarget(data.get('redirectTo'), url.origin));
  },
};
