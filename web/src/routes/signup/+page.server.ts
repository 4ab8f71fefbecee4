import { districtName } from '$lib/district-name';
import { fail, redirect } from '@sveltejs/kit';
import type {
  LogInBody,
  MeResponse,
  SelfServiceRole,
  SignUpAccepted,
  SignUpBody,
} from '@sasaeai/contracts';
import type { FormErrors } from '$lib/forms';
import { t } from '$lib/i18n';
import { apiPost } from '$lib/server/api';
import { formErrorsFromApi, hasErrors, summaryError, textField } from '$lib/server/form-errors';
import { allDistricts } from '$lib/server/districts';
import { retryMinutes } from '$lib/server/retry-after';
import type { Actions, PageServerLoad } from './$types';

const fields = [
  'displayName',
  'email',
  'password',
  'roles',
  'volunteerDistrict',
  'privacyConsent',
] as const;
type Field = (typeof fields)[number];

const MIN_PASSWORD = 10;

/**
 * `?district=kagura` (the needs board's buttons) chooses that district for a volunteer and
 * ticks the volunteer role; `?as=volunteer` ticks the role alone. An unknown district is ignored.
 */
export const load: PageServerLoad = async (event) => {
  if (event.locals.user) redirect(303, '/');
  const districts = await allDistricts(event);
  const wanted = event.url.searchParams.get('district');
  const district = districts.find((d) => d.code === wanted) ?? null;
  const asVolunteer = district !== null || event.url.searchParams.get('as') === 'volunteer';
  return {
    districts,
    preselected: { district: district?.code ?? '', volunteer: asVolunteer },
    preselectedName: district ? districtName(district, event.locals.locale) : null,
  };
};

function isSelfServiceRole(value: unknown): value is SelfServiceRole {
  return value === 'resident' || value === 'volunteer';
}

export const actions: Actions = {
  default: async (event) => {
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const displayName = textField(data, 'displayName').trim();
    const email = textField(data, 'email').trim();
    const password = textField(data, 'password');
    const roles = [...new Set(data.getAll('roles').filter(isSelfServiceRole))];
    const privacyConsent = data.get('privacyConsent') === 'yes';
    const volunteerDistrict = textField(data, 'volunteerDistrict').trim();
    const values = { displayName, email, roles, volunteerDistrict, privacyConsent };

    // Friendly checks for the common slips; the API validates everything again.
    const errors: FormErrors<Field> = { summary: null, fields: {} };
    const required = (field: Field, label: Parameters<typeof t>[1]) => {
      errors.fields[field] = t(locale, 'validation.required', { field: t(locale, label) });
    };
    if (displayName === '') required('displayName', 'signup.displayName');
    if (email === '') required('email', 'signup.email');
    if (password === '') required('password', 'signup.password');
    else if ([...password].length < MIN_PASSWORD) {
      errors.fields.password = t(locale, 'validation.passwordLength');
    }
    if (roles.length === 0) errors.fields.roles = t(locale, 'validation.roles');
    if (!privacyConsent) errors.fields.privacyConsent = t(locale, 'validation.privacyConsent');
    if (hasErrors(errors)) return fail(400, { values, errors });

    const body: SignUpBody = {
      displayName,
      email,
      password,
      roles,
      locale,
      privacyConsent: true,
      // Only a volunteer has districts; the API refuses one it does not know (a field error).
      ...(volunteerDistrict !== '' && roles.includes('volunteer') ? { volunteerDistrict } : {}),
    };
    const result = await apiPost<SignUpAccepted>(event, '/api/auth/signup', body);
    if (result.ok) {
      // The API answers a new and a registered address alike; a new account logs in at once,
      // anyone else is sent to the log-in page with a notice.
      const logIn: LogInBody = { email, password };
      const session = await apiPost<MeResponse>(event, '/api/auth/login', logIn);
      redirect(303, session.ok ? '/' : '/login?signedUp=1');
    }

    if (result.status === 429) {
      const minutes = retryMinutes(result.headers.get('retry-after'));
      const summary =
        minutes === null
          ? t(locale, 'signup.rateLimitedNoTime')
          : t(locale, 'signup.rateLimited', { minutes });
      return fail(429, { values, errors: summaryError<Field>(summary) });
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
