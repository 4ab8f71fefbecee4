/**
 * Who may see a page, and what a load or action does when the API says no: log in again on
 * 401 (coming back here afterwards), the API's own words on 403, "not found" on 404, and a
 * calm "try again" on anything else.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Me, Role } from '@sasaeai/contracts';
import { t, type MessageKey } from '$lib/i18n';
import type { ApiResult } from './api.ts';

type GuardEvent = Pick<RequestEvent, 'locals' | 'url'>;
type Failed = Extract<ApiResult<unknown>, { ok: false }>;

/** `/login?redirectTo=…` back to this page (a form action's `?/name` is left off). */
export function loginRedirectPath(url: URL): string {
  const search = url.search.startsWith('?/') ? '' : url.search;
  return `/login?redirectTo=${encodeURIComponent(`${url.pathname}${search}`)}`;
}

export function hasRole(user: Me | null | undefined, role: Role): boolean {
  return Boolean(user?.roles.some((grant) => grant.role === role));
}

/** The signed-in person; anyone else is sent to log in and brought back. */
export function requireUser(event: GuardEvent): Me {
  const user = event.locals.user;
  if (!user) redirect(303, loginRedirectPath(event.url));
  return user;
}

/** The signed-in person holding `role`; a 403 page saying `message` for anyone else. */
export function requireRole(event: GuardEvent, role: Role, message: MessageKey): Me {
  const user = requireUser(event);
  if (!hasRole(user, role)) error(403, { message: t(event.locals.locale, message) });
  return user;
}

/** The codes of the districts a coordinator is scoped to; `null` stands for every district. */
export function coordinatorScopes(user: Me): (string | null)[] {
  return user.roles.filter((grant) => grant.role === 'coordinator').map((grant) => grant.district);
}

/** The data of a successful API answer, for a load; otherwise the page the refusal calls for. */
export function loaded<T>(event: GuardEvent, result: ApiResult<T>): T {
  if (result.ok) return result.data;
  const locale = event.locals.locale;
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  if (result.status === 404) error(404, { message: t(locale, 'error.notFound') });
  if (result.status >= 500) error(503, { message: t(locale, 'error.generic') });
  error(result.status, { message: result.error.message[locale] });
}

/** The API's refusal of a form action's call, in the page's language (`actionError`). */
export function actionFailed<X extends Record<string, unknown>>(
  event: GuardEvent,
  result: Failed,
  extra: X,
) {
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  const locale = event.locals.locale;
  const message = result.status >= 500 ? t(locale, 'error.generic') : result.error.message[locale];
  return fail(result.status >= 500 ? 503 : result.status, { ...extra, actionError: message });
}

/** A form action's text field that must be a UUID (ids of matches, requests, people). */
export function idField(data: FormData, name: string): string | null {
  const value = data.get(name);
  return typeof value === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    ? value
    : null;
}
