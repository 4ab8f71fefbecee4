import { fail, redirect } from '@sveltejs/kit';
import type { ChangePasswordBody } from '@sasaeai/contracts';
import type { FormErrors } from '$lib/forms';
import { t } from '$lib/i18n';
import { apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, hasErrors, summaryError, textField } from '$lib/server/form-errors';
import type { Actions, PageServerLoad } from './$types';

const fields = ['currentPassword', 'newPassword'] as const;
type Field = (typeof fields)[number];

const MIN_PASSWORD = 10;
const LOGIN_AND_BACK = `/login?redirectTo=${encodeURIComponent('/account/password')}`;

export const load: PageServerLoad = (event) => {
  if (!event.locals.user) redirect(303, LOGIN_AND_BACK);
  // Post/Redirect/Get: 「変更しました」 once, and a reload never sends the passwords again.
  return { changed: takeFlash(event)?.done === 'passwordChanged' };
};

export const actions: Actions = {
  default: async (event) => {
    const locale = event.locals.locale;
    if (!event.locals.user) redirect(303, LOGIN_AND_BACK);
    const data = await event.request.formData();
    const currentPassword = textField(data, 'currentPassword');
    const newPassword = textField(data, 'newPassword');

    const errors: FormErrors<Field> = { summary: null, fields: {} };
    if (currentPassword === '') {
      errors.fields.currentPassword = t(locale, 'validation.required', {
        field: t(locale, 'password.current'),
      });
    }
    if (newPassword === '') {
      errors.fields.newPassword = t(locale, 'validation.required', {
        field: t(locale, 'password.new'),
      });
    } else if ([...newPassword].length < MIN_PASSWORD) {
      errors.fields.newPassword = t(locale, 'validation.passwordLength');
    }
    if (hasErrors(errors)) return fail(400, { errors });

    const body: ChangePasswordBody = { currentPassword, newPassword };
    const result = await apiPost<undefined>(event, '/api/auth/password', body);
    if (result.ok) flashRedirect(event, { done: 'passwordChanged' });

    if (result.error.code === 'invalid_credentials') {
      const wrong: FormErrors<Field> = {
        summary: null,
        fields: { currentPassword: t(locale, 'password.wrongCurrent') },
      };
      return fail(result.status, { errors: wrong });
    }
    if (result.status === 401) redirect(303, LOGIN_AND_BACK);
    if (result.status >= 500) {
      return fail(503, {
        errors: summaryError<Field>(t(locale, 'error.generic')),
      });
    }
    return fail(result.status, { errors: formErrorsFromApi(result.error, locale, fields) });
  },
};
