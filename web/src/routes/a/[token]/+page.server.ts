import { fail, redirect } from '@sveltejs/kit';
import type { OfferLinkView } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { isTokenShaped, linkRefusal, protectTokenPage } from '$lib/server/action-links';
import type { Actions, PageServerLoad } from './$types';

/**
 * An offer's one-tap link: the task and two buttons, no log-in needed; just after it was used,
 * what was done (the API shows that for a short while, then says the link was used).
 */
export const load: PageServerLoad = async (event) => {
  protectTokenPage(event);
  const { token } = event.params;
  if (!isTokenShaped(token)) return { link: null, refusal: 'invalid' as const };
  const result = await apiGet<OfferLinkView>(event, `/api/actions/${token}`);
  if (result.ok) return { link: result.data, refusal: null };
  const refusal = linkRefusal(result);
  if (refusal) return { link: null, refusal };
  return { link: null, refusal: null, loadError: t(event.locals.locale, 'error.generic') };
};

export const actions: Actions = {
  answer: async (event) => {
    const locale = event.locals.locale;
    const { token } = event.params;
    const answer = (await event.request.formData()).get('answer');
    if (answer !== 'accept' && answer !== 'decline') {
      return fail(400, { actionError: t(locale, 'error.generic') });
    }
    if (!isTokenShaped(token)) return fail(404, { refusal: 'invalid' as const });
    const result = await apiPost<unknown>(event, `/api/actions/${token}`, { answer });
    // Post/Redirect/Get: the link's own page then shows what was done (and, after accepting, the
    // resident's contact) for a short while, so a reload shows it again and answers nothing.
    if (result.ok) redirect(303, event.url.pathname);
    const refusal = linkRefusal(result);
    if (refusal) return fail(result.status, { refusal });
    // A closed offer: the page shows its state again from the load; the API's words say why.
    const message =
      result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale];
    return fail(result.status >= 500 ? 503 : result.status, { actionError: message });
  },
};
