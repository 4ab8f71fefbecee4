import { fail } from '@sveltejs/kit';
import type { HelpRequestView } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { textField } from '$lib/server/form-errors';
import { actionFailed, hasRole, loaded, requireUser } from '$lib/server/guard';
import { addedRole, addRoleAction } from '$lib/server/roles';
import type { Actions, PageServerLoad } from './$types';

const THANKS_MAX = 500;

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { request } = loaded(
    event,
    await apiGet<{ request: HelpRequestView }>(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}`,
    ),
  );
  // 「受け付けました」 and the like: shown once, after the form's redirect (not on a reload).
  const flash = takeFlash(event);
  return {
    request,
    isVolunteer: hasRole(user, 'volunteer'),
    notice: flash?.notice ?? null,
    roleAdded: addedRole(flash) === 'volunteer',
    // The server's clock, for 「お願いしてから 1時間10分」 (the same on the server and in the browser).
    now: Date.now(),
  };
};

export const actions: Actions = {
  thanks: async (event) => {
    requireUser(event);
    const locale = event.locals.locale;
    const message = textField(await event.request.formData(), 'message').trim();
    const label = t(locale, 'request.thanksMessage');
    if (message === '') {
      return fail(400, {
        message,
        thanksError: t(locale, 'validation.required', { field: label }),
      });
    }
    if (message.length > THANKS_MAX) {
      return fail(400, { message, thanksError: t(locale, 'validation.tooLong', { field: label }) });
    }
    const result = await apiPost(
      event,
      `/api/help-requests/${encodeURIComponent(event.params.id)}/thanks`,
      { message },
    );
    if (!result.ok) return actionFailed(event, result, { action: 'thanks' as const, message });
    flashRedirect(event, { notice: 'thanked' });
  },

  addRole: addRoleAction,
};
