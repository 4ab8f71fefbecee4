import { fail } from '@sveltejs/kit';
import type { DistrictSettingsView } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPut } from '$lib/server/api';
import { coordinatedDistricts, pickDistrict } from '$lib/server/districts';
import { checkboxField, textField } from '$lib/server/form-errors';
import { actionFailed, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

type Settings = ReturnType<(typeof DistrictSettingsView)['parse']>;

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const choices = await coordinatedDistricts(event, user);
  const district = pickDistrict(choices, event.url.searchParams.get('district'));
  if (!district) return { choices, district: null, settings: null };
  const settings = loaded(
    event,
    await apiGet<Settings>(event, `/api/districts/${encodeURIComponent(district.code)}/settings`),
  );
  return { choices, district, settings };
};

export const actions: Actions = {
  default: async (event) => {
    const user = requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const district = pickDistrict(
      await coordinatedDistricts(event, user),
      textField(data, 'district'),
    );
    const values = {
      autoApproveTrusted: checkboxField(data, 'autoApproveTrusted'),
      offerTtlHours: textField(data, 'offerTtlHours').trim(),
    };
    if (!district || district.code !== textField(data, 'district')) {
      return fail(400, { values, actionError: t(locale, 'error.generic') });
    }
    const digits = values.offerTtlHours.normalize('NFKC');
    const hours = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (!(hours >= 1 && hours <= 168)) {
      return fail(400, {
        values,
        ttlError: t(locale, 'validation.number', {
          field: t(locale, 'coord.settings.ttl'),
          min: 1,
          max: 168,
        }),
      });
    }
    const result = await apiPut<Settings>(
      event,
      `/api/districts/${encodeURIComponent(district.code)}/settings`,
      { autoApproveTrusted: values.autoApproveTrusted, offerTtlHours: hours },
    );
    if (!result.ok) return actionFailed(event, result, { values });
    return { saved: district.name };
  },
};
