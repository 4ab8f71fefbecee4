import { error, fail, redirect } from '@sveltejs/kit';
import type { SnowImportResponse } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiPost, type ApiEvent } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { allDistricts, coordinatedDistricts } from '$lib/server/districts';
import { checkedValues, textField } from '$lib/server/form-errors';
import { hasRole, loginRedirectPath, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

/** Below the page server's body limit (a year of daily JMA data is about 20 kB). */
const MAX_BYTES = 400 * 1024;

type GuardEvent = Parameters<typeof requireUser>[0];

/** Coordinators (their own districts) and council staff (every district) import snowfall. */
function requireImporter(event: GuardEvent) {
  const user = requireUser(event);
  if (!hasRole(user, 'coordinator') && !hasRole(user, 'council') && !hasRole(user, 'admin')) {
    error(403, { message: t(event.locals.locale, 'error.coordinatorOnly') });
  }
  return user;
}

async function choicesFor(event: ApiEvent & GuardEvent) {
  const user = requireImporter(event);
  return hasRole(user, 'council') || hasRole(user, 'admin')
    ? allDistricts(event)
    : coordinatedDistricts(event, user);
}

const COUNT = /^\d{1,7}$/;

/** The counts of the last import, shown once after its redirect (a reload imports nothing). */
function importedFromFlash(flash: Record<string, string> | null) {
  const keys = ['days', 'snowy', 'created', 'existing'] as const;
  if (!flash || !keys.every((key) => COUNT.test(flash[key] ?? ''))) return null;
  return {
    days: Number(flash.days),
    snowyDays: Number(flash.snowy),
    created: Number(flash.created),
    alreadyExisted: Number(flash.existing),
  };
}

export const load: PageServerLoad = async (event) => ({
  choices: await choicesFor(event),
  imported: importedFromFlash(takeFlash(event)),
});

export const actions: Actions = {
  default: async (event) => {
    requireImporter(event);
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const file = data.get('file');
    const upload = file instanceof File && file.size > 0 ? file : null;
    const csv = upload ? '' : textField(data, 'csv');
    const values = {
      districts: checkedValues(data, 'districts'),
      station: textField(data, 'station').trim() || '旭川',
      csv,
    };
    const problem = (message: string) => fail(400, { values, message, lines: [] as string[] });
    if (values.districts.length === 0) return problem(t(locale, 'snow.validation.districts'));
    if (!upload && csv.trim() === '') return problem(t(locale, 'jma.empty'));
    const body = upload ?? new Blob([csv], { type: 'text/csv' });
    if (body.size > MAX_BYTES) return problem(t(locale, 'jma.tooLarge'));

    const query = new URLSearchParams({ station: values.station });
    for (const code of values.districts) query.append('districts', code);
    const result = await apiPost<SnowImportResponse>(
      event,
      `/api/snow-events/import?${query.toString()}`,
      body,
      { contentType: 'text/csv' },
    );
    // Post/Redirect/Get on success: the counts go in the flash. A refused file re-renders with its
    // line-by-line report instead (nothing was imported, so a resend changes nothing either).
    if (result.ok) {
      flashRedirect(event, {
        days: String(result.data.days),
        snowy: String(result.data.snowyDays),
        created: String(result.data.created),
        existing: String(result.data.alreadyExisted),
      });
    }
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { values, message: t(locale, 'error.generic'), lines: [] as string[] });
    }
    // The line and the reason, as the API words them; nothing was imported.
    return fail(result.status, {
      values,
      message: result.error.message[locale],
      lines: (result.error.fields ?? []).map((entry) => entry.message[locale]),
    });
  },
};
