import { fail, redirect } from '@sveltejs/kit';
import type { LogInBody, MeResponse } from '@sasaeai/contracts';
import type { FormErrors } from '$lib/forms';
import { t } from '$lib/i18n';
import { apiPost } from '$lib/server/api';
import { takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, hasErrors, summaryError, textField } from '$lib/server/form-errors';
import { safeRedirectTarget } from '$lib/server/redirect';
import { retryMinutes } from '$lib/server/retry-after';
import type { Actions, PageServerLoad } from './$types';

const fields = ['email', 'password'] as const;
type Field = (typeof fields)[number];

export const load: PageServerLoad = (event) => {
  const { locals, url } = event;
  const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'), url.origin);
  if (locals.user) redirect(303, redirectTo);
  return {
    redirectTo,
    signedUp: url.searchParams.has('signedUp'),
    // Set from a reset link's form, which redirects here (Post/Redirect/Get); shown once.
    passwordReset: takeFlash(event)?.done === 'passwordReset',
  };
};

export const actions: Actions = {
  default: async (event) => {
    const { request, locals, url } = event;
    const locale = locals.locale;
    const data = await request.formData();
    const email = textField(data, 'email').trim();
    const password = textField(data, 'password');
    const redirectTo = safeRedirectTarget(data.get('redirectTo'), url.origin);
    const values = { email, redirectTo };

    const errors: FormErrors<Field> = { summary: null, fields: {} };
    if (email === '') {
      errors.fields.email = t(locale, 'validation.required', { field: t(locale, 'login.email') });
    }
    if (password === '') {
      errors.fields.password = t(locale, 'validation.required', {
        field: t(locale, 'login.password'),
      });
    }
    if (hasErrors(errors)) return fail(400, { values, errors });

    const body: LogInBody = { email, password };
    const result = await apiPost<MeResponse>(event, '/api/auth/login', body);
    if (result.ok) redirect(303, redirectTo);

    if (result.status === 429 || result.error.code === 'rate_limited') {
      const minutes = retryMinutes(result.headers.get('retry-after'));
      const summary =
        minutes === null
          ? t(locale, 'login.rateLimitedNoTime')
          : t(locale, 'login.rateLimited', { minutes });
      return fail(429, { values, errors: summaryError<Field>(summary) });
    }
    if (result.error.code === 'invalid_credentials' || result.status === 401) {
      return fail(401, {
        values,
        errors: summaryError<Field>(t(locale, 'login.invalid')),
      });
    }
    if (result.status >= 500) {
      // Briefly unavailable (e.g. Redis down): the API's own message says to retry in a minute.
      const summary =
        result.error.code === 'unavailable'
          ? result.error.message[locale]
          : t(locale, 'error.generic');
      return fail(503, { values, errors: summaryError<Field>(summary) });
    }
    return fail(result.status, {
      values,
      errors: formErrorsFromApi(result.error, locale, fields),
    });
  },
};
