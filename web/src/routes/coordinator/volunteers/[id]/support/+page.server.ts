import { fail } from '@sveltejs/kit';
import type { VolunteerSupportView } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPut } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, textField } from '$lib/server/form-errors';
import { actionFailed, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Field = 'organisation' | 'phone';

/** A volunteer's supported-volunteering page, for a coordinator of their district (else 404). */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const id = encodeURIComponent(event.params.id);
  const view = loaded(
    event,
    await apiGet<VolunteerSupportView>(event, `/api/volunteers/${id}/support`),
  );
  return { view, notice: takeFlash(event)?.notice };
};

async function save(event: RequestEvent, remove: boolean) {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const locale = event.locals.locale;
  const data = await event.request.formData();
  const values = {
    organisation: textField(data, 'organisation').trim(),
    phone: textField(data, 'phone').trim(),
  };
  if (!remove) {
    const fields: Partial<Record<Field, string>> = {};
    if (values.organisation === '' || values.organisation.length > 100) {
      fields.organisation = t(locale, 'support.intro.organisationError');
    }
    if (values.phone.length > 30) fields.phone = t(locale, 'support.intro.phoneError');
    if (Object.keys(fields).length > 0) {
      return fail(400, { values, errors: { summary: null, fields } });
    }
  }
  const id = encodeURIComponent(event.params.id);
  const result = await apiPut(event, `/api/volunteers/${id}/introduction`, {
    introducedBy: remove ? null : values,
  });
  if (result.ok) flashRedirect(event, { notice: remove ? 'removed' : 'saved' });
  if (result.status === 400) {
    return fail(400, { values, errors: formErrorsFromApi<Field>(result.error, locale, []) });
  }
  return actionFailed(event, result, { values });
}

export const actions: Actions = {
  record: (event) => save(event, false),
  remove: (event) => save(event, true),
};
