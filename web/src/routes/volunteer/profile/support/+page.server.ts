import { error, redirect } from '@sveltejs/kit';
import type { SupportPreferences } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiPut } from '$lib/server/api';
import { flashRedirect } from '$lib/server/flash';
import { checkboxField } from '$lib/server/form-errors';
import { loginRedirectPath, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// The form lives on the profile page; this address only receives it.
export const load: PageServerLoad = (event) => {
  requireRole(event, 'volunteer', 'error.volunteerOnly');
  redirect(303, '/volunteer/profile#support-title');
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event, 'volunteer', 'error.volunteerOnly');
    const data = await event.request.formData();
    const body: SupportPreferences = {
      firstTaskWithBuddy: checkboxField(data, 'firstTaskWithBuddy'),
      preferQuiet: checkboxField(data, 'preferQuiet'),
    };
    const result = await apiPut(event, '/api/me/volunteer-support', body);
    if (result.ok) flashRedirect(event, { notice: 'supportSaved' }, '/volunteer/profile');
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    error(result.status >= 500 ? 503 : result.status, {
      message: t(event.locals.locale, 'error.generic'),
    });
  },
};
