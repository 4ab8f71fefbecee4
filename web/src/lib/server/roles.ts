import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { AddRoleBody, MeResponse, SelfServiceRole } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiPost } from './api.ts';
import { loginRedirectPath } from './guard.ts';

function isSelfServiceRole(value: unknown): value is SelfServiceRole {
  return value === 'resident' || value === 'volunteer';
}

/**
 * The `addRole` form action of every page that invites a person to take on the other role
 * ("a resident can sign up to help others too", and a helper can ask for help): the posted
 * `role` is added to the same account through the API.
 */
export async function addRoleAction(event: RequestEvent) {
  if (!event.locals.user) redirect(303, loginRedirectPath(event.url));
  const locale = event.locals.locale;
  const role = (await event.request.formData()).get('role');
  if (!isSelfServiceRole(role)) {
    return fail(400, { roleError: t(locale, 'error.generic') });
  }
  const body: AddRoleBody = { role };
  const result = await apiPost<MeResponse>(event, '/api/me/roles', body);
  if (result.ok) {
    // The page rendered after this action (JavaScript off) must show the new role.
    event.locals.user = result.data.user;
    return { roleAdded: role };
  }
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  return fail(result.status >= 500 ? 503 : result.status, {
    roleError: result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale],
  });
}
