import { fail } from '@sveltejs/kit';
import type { DistrictSettingsView } from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { apiGet, apiPut } from '$lib/server/api';
import { coordinatedDistricts, pickDistrict } from '$lib/server/districts';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { checkboxField, textField } from '$lib/server/form-errors';
import { actionFailed, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

type Settings = ReturnType<(typeof DistrictSettingsView)['parse']>;

/** Full-width digits count as digits; anything else is not a whole number (NaN). */
function wholeNumber(text: string): number {
  const digits = text.normalize('NFKC');
  return /^\d{1,4}$/.test(digits) ? Number(digits) : NaN;
}

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const choices = await coordinatedDistricts(event, user);
  const district = pickDistrict(choices, event.url.searchParams.get('district'));
  const saved = takeFlash(event)?.saved === district?.code;
  if (!district) return { choices, district: null, settings: null, saved: false };
  const settings = loaded(
    event,
    await apiGet<Settings>(event, `/api/districts/${encodeURIComponent(district.code)}/settings`),
  );
  return { choices, district, settings, saved };
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
      snowOffersFromFive: checkboxField(data, 'snowOffersFromFive'),
      offerTtlHours: textField(data, 'offerTtlHours').trim(),
      retentionYears: textField(data, 'retentionYears').trim(),
    };
    if (!district || district.code !== textField(data, 'district')) {
      return fail(400, { values, actionError: t(locale, 'error.generic') });
    }
    const hours = wholeNumber(values.offerTtlHours);
    const years = wholeNumber(values.retentionYears);
    const ttlError =
      hours >= 1 && hours <= 168
        ? undefined
        : t(locale, 'validation.number', {
            field: t(locale, 'coord.settings.ttl'),
            min: 1,
            max: 168,
          });
    const retentionError =
      years >= 1 && years <= 10
        ? undefined
        : t(locale, 'validation.number', {
            field: t(locale, 'coord.settings.retention'),
            min: 1,
            max: 10,
          });
    if (ttlError || retentionError) {
      return fail(400, {
        values,
        ...(ttlError ? { ttlError } : {}),
        ...(retentionError ? { retentionError } : {}),
      });
    }
    const result = await apiPut<Settings>(
      event,
      `/api/districts/${encodeURIComponent(district.code)}/settings`,
      {
        autoApproveTrusted: values.autoApproveTrusted,
        snowOffersFromFive: values.snowOffersFromFive,
        offerTtlHours: hours,
        retentionYears: years,
      },
    );
    if (!result.ok) return actionFailed(event, result, { values });
    flashRedirect(
      event,
      { saved: district.code },
      `${event.url.pathname}?district=${encodeURIComponent(district.code)}`,
    );
  },
};
