import { error, type RequestEvent } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { hasRole, requireUser } from './guard.ts';

/**
 * The 見守り case pages: a coordinator or admin manages cases; a 民生委員 reads those of their
 * districts and adds notes (the API checks the districts). Anyone else gets a 403 page.
 */
export function requireCaseReader(event: Pick<RequestEvent, 'locals' | 'url'>): {
  manages: boolean;
} {
  const user = requireUser(event);
  const manages = hasRole(user, 'coordinator') || hasRole(user, 'admin');
  if (!manages && !hasRole(user, 'minsei_iin')) {
    error(403, { message: t(event.locals.locale, 'error.casesOnly') });
  }
  return { manages };
}
