import { fail } from '@sveltejs/kit';
import type { PasswordResetRequestBody } from '@sasaeai/contracts';
import type { FormErrors } from '$lib/forms';
import { t } from '$lib/i18n';
import { apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import type { Actions, PageServerLoad } from './$types';

const fields = ['email'] as const;
type Field = (typeof fields)[number];

/** 「送りました」 once after the form's redirect (a reload sends no second mail). */
export const load: PageServerLoad = (event) => ({ sent: takeFlash(event)?.done === 'resetSent' });

/** Ask for a reset mail. The answer never says whether the address is registered. */
export const actions: Actions = {
  default: async (event) => {
    const locale = event.locals.locale;
    const email = textField(await event.request.formData(), 'email').trim();
    const values = { email };
    if (email === '') {
      const errors: FormErrors<Field> = {
        summary: null,
        fields: { email: t(locale, 'validation.required', { field: t(locale, 'reset.email') }) },
      };
      return fail(400, { values, errors });
    }
    const body: PasswordResetRequestBody = { email };
    const result = await apiPost<null>(event, '/api/auth/password-reset', body);
    if (result.ok) flashRedirect(event, { done: 'resetSent' });
    if (result.status === 429) {
      return fail(429, { values, errors: summaryError<Field>(t(locale, 'reset.rateLimited')) });
    }
    if (result.status >= 500) {
      return fail(503, { values, errors: summaryError<Field>(t(locale, 'error.generic')) });
    }
    return fail(result.status, {
      values,
      errors: formErrorsFromApi(result.error, locale, fields),
    });
  },
};
