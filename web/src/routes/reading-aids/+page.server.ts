import { error, redirect } from '@sveltejs/kit';
import type { MeResponse } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiPut } from '$lib/server/api';
import {
  encodeReadingAids,
  READING_AIDS_COOKIE,
  READING_AIDS_COOKIE_MAX_AGE,
  readingAidsFromForm,
} from '$lib/server/reading-aids';
import { safeRedirectTarget } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

// The reading-aids switch in the header posts here: a plain form, so it works without
// JavaScript, and the redirect back (303) means a reload never re-sends it.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    const { request, cookies, url, locals } = event;
    const form = await request.formData();
    const parsed = readingAidsFromForm(form);
    const back = safeRedirectTarget(form.get('redirectTo'), url.origin);
    // Only a size outside the three choices gets here (a crafted form): change nothing.
    if (!parsed.success) redirect(303, back);
    if (locals.user) {
      const saved = await apiPut<MeResponse>(event, '/api/me/reading-aids', parsed.data);
      if (!saved.ok && saved.status !== 401) {
        error(saved.status >= 500 ? 503 : 400, { message: t(locals.locale, 'error.generic') });
      }
    } else {
      cookies.set(READING_AIDS_COOKIE, encodeReadingAids(parsed.data), {
        path: '/',
        maxAge: READING_AIDS_COOKIE_MAX_AGE,
        httpOnly: true,
        sameSite: 'lax',
        secure: url.protocol === 'https:',
      });
    }
    redirect(303, back);
  },
};
