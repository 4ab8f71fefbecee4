import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { AddRoleBody, MeResponse, SelfServiceRole } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiPost } from './api.ts';
import { flashRedirect, type Flash } from './flash.ts';
import { loginRedirectPath } from './guard.ts';

function isSelfServiceRole(value: unknown): value is SelfServiceRole {
  return value === 'resident' || value === 'volunteer';
}

/** The role the last `addRole` post added (shown once, after its redirect), if any. */
export function addedRole(flash: Flash | null): SelfServiceRole | null {
  const role = flash?.roleAdded;
  return isSelfServiceRole(role) ? role : null;
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
  // Post/Redirect/Get: the page loaded after the redirect reads the new role from the session.
  if (result.ok) flashRedirect(event, { roleAdded: role });
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  return fail(result.status >= 500 ? 503 : result.status, {
    roleError: result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale],
  });
}
