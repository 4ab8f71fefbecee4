import { fail, redirect } from '@sveltejs/kit';
import type {
  SupportPreferences,
  VolunteerProfileBody,
  VolunteerProfileView,
} from '@sasaeai/contracts';
import { categories, equipmentOptions, isCategory, slotsOf } from '$lib/help';
import { t } from '$lib/i18n';
import {
  profileFields,
  profileValues,
  type ProfileField,
  type ProfileFormErrors,
  type ProfileFormValues,
} from '$lib/profile-form';
import { apiGet, apiPut } from '$lib/server/api';
import { allDistricts } from '$lib/server/districts';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import {
  checkboxField,
  checkedValues,
  formErrorsFromApi,
  hasErrors,
  remapApiFields,
  summaryError,
  textField,
} from '$lib/server/form-errors';
import { loaded, loginRedirectPath, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const knownEquipment = new Set<string>(equipmentOptions.map((option) => option.value));

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'volunteer', 'error.volunteerOnly');
  const [result, districts] = await Promise.all([
    apiGet<{ profile: VolunteerProfileView }>(event, '/api/me/volunteer-profile'),
    allDistricts(event),
  ]);
  // 404: nothing registered yet, an empty form.
  const profile = result.ok || result.status !== 404 ? loaded(event, result).profile : null;
  // Supported volunteering: the wishes belong to a registered profile.
  const support = profile
    ? loaded(
        event,
        await apiGet<{ preferences: SupportPreferences }>(event, '/api/me/volunteer-support'),
      ).preferences
    : null;
  return {
    profile,
    support,
    values: profileValues(profile),
    districts,
    notice: takeFlash(event)?.notice,
  };
};

/** A whole number in range (full-width digits allowed), or null. */
function whole(value: string, min: number, max: number): number | null {
  const digits = value.normalize('NFKC').trim();
  if (!/^\d+$/.test(digits)) return null;
  const n = Number(digits);
  return n >= min && n <= max ? n : null;
}

function readValues(data: FormData): ProfileFormValues {
  return {
    kind: textField(data, 'kind'),
    groupName: textField(data, 'groupName').trim(),
    headcount: textField(data, 'headcount').trim(),
    representativeName: textField(data, 'representativeName').trim(),
    skills: checkedValues(data, 'skills'),
    equipment: checkedValues(data, 'equipment').filter((item) => knownEquipment.has(item)),
    equipmentOther: textField(data, 'equipmentOther').trim(),
    districts: checkedValues(data, 'districts'),
    helpsNeighbours: checkboxField(data, 'helpsNeighbours'),
    cells: checkedValues(data, 'cells'),
    maxTasksPerWeek: textField(data, 'maxTasksPerWeek').trim(),
  };
}

export const actions: Actions = {
  default: async (event) => {
    requireRole(event, 'volunteer', 'error.volunteerOnly');
    const locale = event.locals.locale;
    const values = readValues(await event.request.formData());
    const errors: ProfileFormErrors = { summary: null, fields: {} };
    const group = values.kind === 'group';
    const other = values.equipmentOther
      .split(/[、,，\n]/)
      .map((item) => item.trim())
      .filter(Boolean);
    const equipment = [...new Set([...values.equipment, ...other])];

    if (values.kind !== 'individual' && !group) {
      errors.fields.kind = t(locale, 'validation.kind');
    }
    const headcount = group ? whole(values.headcount, 1, 500) : 1;
    if (group) {
      if (values.groupName === '') {
        errors.fields.groupName = t(locale, 'validation.required', {
          field: t(locale, 'profile.groupName'),
        });
      }
      if (headcount === null) {
        errors.fields.headcount = t(locale, 'validation.number', {
          field: t(locale, 'profile.headcount'),
          min: 1,
          max: 500,
        });
      }
    }
    const skills = values.skills.filter(isCategory);
    if (skills.length === 0) errors.fields.skills = t(locale, 'validation.skills');
    if (other.some((item) => item.length > 40) || equipment.length > 10) {
      errors.fields.equipment = t(locale, 'validation.equipment');
    }
    if (values.districts.length === 0 || values.districts.length > 10) {
      errors.fields.districts = t(locale, 'validation.districts');
    }
    const maxTasks = whole(values.maxTasksPerWeek, 1, 50);
    if (maxTasks === null) {
      errors.fields.maxTasksPerWeek = t(locale, 'validation.number', {
        field: t(locale, 'profile.maxTasks'),
        min: 1,
        max: 50,
      });
    }
    if (hasErrors(errors)) return fail(400, { values, errors });

    const body: VolunteerProfileBody = {
      kind: group ? 'group' : 'individual',
      headcount: headcount ?? 1,
      skills: categories.filter((c) => skills.includes(c)),
      equipment,
      districts: values.districts,
      helpsNeighbours: values.helpsNeighbours,
      availability: slotsOf(new Set(values.cells)),
      maxTasksPerWeek: maxTasks ?? 2,
    };
    if (group) body.groupName = values.groupName;
    if (group && values.representativeName !== '') {
      body.representativeName = values.representativeName;
    }

    const result = await apiPut<{ profile: VolunteerProfileView }>(
      event,
      '/api/me/volunteer-profile',
      body,
    );
    if (result.ok) flashRedirect(event, { notice: 'saved' });
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { values, errors: summaryError<ProfileField>(t(locale, 'error.generic')) });
    }
    return fail(result.status, {
      values,
      errors: formErrorsFromApi(
        remapApiFields(result.error, { availability: 'availability', equipment: 'equipment' }),
        locale,
        profileFields,
      ),
    });
  },
};
