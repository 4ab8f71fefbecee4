/**
 * Who may open the council pages. Council staff (市・市社協) and admins see the whole city;
 * coordinators may open the activity page, where the API narrows the figures to their own
 * districts; residents and volunteers get a 403 page in plain words (the API refuses them too).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { Me } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { hasRole, requireUser } from '$lib/server/guard';

type GuardEvent = Pick<RequestEvent, 'locals' | 'url'>;

export function isCouncilStaff(user: Me | null | undefined): boolean {
  return hasRole(user, 'council') || hasRole(user, 'admin');
}

/** Council staff or an admin; anyone else signed in gets a 403 page. */
export function requireCouncilStaff(event: GuardEvent): Me {
  const user = requireUser(event);
  if (!isCouncilStaff(user)) {
    error(403, { message: t(event.locals.locale, 'council.error.staffOnly') });
  }
  return user;
}

/** Council staff, admins and coordinators (who see their own districts only). */
export function requireActivityViewer(event: GuardEvent): Me {
  const user = requireUser(event);
  if (!isCouncilStaff(user) && !hasRole(user, 'coordinator')) {
    error(403, { message: t(event.locals.locale, 'council.error.activityOnly') });
  }
  return user;
}
