import { redirect } from '@sveltejs/kit';
import { apiPost } from '$lib/server/api';
import { deleteSessionCookies } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

// Log-out only by POST (a button in the header); a GET here just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    if (event.locals.user) {
      const result = await apiPost(event, '/api/auth/logout');
      if (!result.ok && result.status !== 401) {
        console.error(`[web] log-out answered ${result.status} (${result.error.code})`);
      }
    }
    // Whatever the API answered, this browser forgets the session.
    deleteSessionCookies(event.cookies);
    event.locals.user = null;
    redirect(303, '/');
  },
};
