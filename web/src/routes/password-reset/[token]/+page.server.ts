import { fail } from '@sveltejs/kit';
import type { PasswordResetBody } from '@sasaeai/contracts';
import type { FormErrors } from '$lib/forms';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect } from '$lib/server/flash';
import { isTokenShaped, linkRefusal, protectTokenPage } from '$lib/server/action-links';
import { formErrorsFromApi, hasErrors, summaryError, textField } from '$lib/server/form-errors';
import type { Actions, PageServerLoad } from './$types';

const fields = ['newPassword'] as const;
type Field = (typeof fields)[number];

const MIN_PASSWORD = 10;

/** A reset link from a mail: says at once if it no longer works, before a password is typed. */
export const load: PageServerLoad = async (event) => {
  protectTokenPage(event);
  const { token } = event.params;
  if (!isTokenShaped(token)) return { refusal: 'invalid' as const };
  const result = await apiGet<{ expiresAt: string }>(event, `/api/auth/password-reset/${token}`);
  if (result.ok) return { refusal: null };
  const refusal = linkRefusal(result);
  if (refusal) return { refusal };
  return { refusal: null, loadError: t(event.locals.locale, 'error.generic') };
};

export const actions: Actions = {
  default: async (event) => {
    const locale = event.locals.locale;
    const { token } = event.params;
    const newPassword = textField(await event.request.formData(), 'newPassword');
    const errors: FormErrors<Field> = { summary: null, fields: {} };
    if (newPassword === '') {
      errors.fields.newPassword = t(locale, 'validation.required', {
        field: t(locale, 'reset.new'),
      });
    } else if ([...newPassword].length < MIN_PASSWORD) {
      errors.fields.newPassword = t(locale, 'validation.passwordLength');
    }
    if (hasErrors(errors)) return fail(400, { errors });
    if (!isTokenShaped(token)) return fail(404, { refusal: 'invalid' as const });

    const body: PasswordResetBody = { newPassword };
    const result = await apiPost<null>(event, `/api/auth/password-reset/${token}`, body);
    // Post/Redirect/Get: to the log-in page, which says once that the password was changed.
    if (result.ok) flashRedirect(event, { done: 'passwordReset' }, '/login');
    const refusal = linkRefusal(result);
    if (refusal) return fail(result.status, { refusal });
    if (result.status >= 500) {
      return fail(503, { errors: summaryError<Field>(t(locale, 'error.generic')) });
    }
    return fail(result.status, { errors: formErrorsFromApi(result.error, locale, fields) });
  },
};
