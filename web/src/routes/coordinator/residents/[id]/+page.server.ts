import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type {
  DuplicateSuggestions,
  MergeResidentResponse,
  ResidentRecordResponse,
} from '@sasaeai/contracts';
import { t } from '$lib/i18n';
import { residentApiFields, residentBody, residentFields } from '$lib/resident-form';
import type { ResidentFormValues } from '$lib/resident-form';
import { api, apiGet, apiPost } from '$lib/server/api';
import {
  checkboxField,
  formErrorsFromApi,
  remapApiFields,
  summaryError,
  textField,
} from '$lib/server/form-errors';
import {
  actionFailed,
  hasRole,
  idField,
  loaded,
  loginRedirectPath,
  requireUser,
} from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

/** Coordinators (their districts, checked by the API) and admins (the city). */
function requireDesk(event: Pick<RequestEvent, 'locals' | 'url'>): void {
  const user = requireUser(event);
  if (!hasRole(user, 'admin') && !hasRole(user, 'coordinator')) {
    error(403, { message: t(event.locals.locale, 'error.coordinatorOnly') });
  }
}

const apiPath = (id: string) => `/api/residents/${encodeURIComponent(id)}` as const;

/** Likely duplicates of this resident (none once it is merged). */
async function duplicatesOf(
  event: Parameters<PageServerLoad>[0],
  resident: ResidentRecordResponse['resident'],
) {
  if (resident.mergedInto) return [];
  const query = new URLSearchParams({ fullName: resident.fullName, except: resident.id });
  if (resident.fullNameKana) query.set('fullNameKana', resident.fullNameKana);
  if (resident.phone) query.set('phone', resident.phone);
  const result = await apiGet<DuplicateSuggestions>(
    event,
    `/api/residents/duplicates?${query.toString()}`,
  );
  return result.ok ? result.data.residents : [];
}

export const load: PageServerLoad = async (event) => {
  requireDesk(event);
  const { resident } = loaded(
    event,
    await apiGet<ResidentRecordResponse>(event, apiPath(event.params.id)),
  );
  return {
    resident,
    duplicates: await duplicatesOf(event, resident),
    saved: event.url.searchParams.get('saved') === '1',
    merged: event.url.searchParams.get('merged') === '1',
  };
};

function readValues(data: FormData): ResidentFormValues {
  const text = (name: string) => textField(data, name).trim();
  return {
    fullName: text('fullName'),
    fullNameKana: text('fullNameKana'),
    phone: text('phone'),
    address: text('address'),
    emergencyName: text('emergencyName'),
    emergencyRelation: text('emergencyRelation'),
    emergencyPhone: text('emergencyPhone'),
    dataUseConsent: checkboxField(data, 'dataUseConsent'),
    shareConsent: checkboxField(data, 'shareConsent'),
  };
}

export const actions: Actions = {
  save: async (event) => {
    requireDesk(event);
    const locale = event.locals.locale;
    const values = readValues(await event.request.formData());
    const result = await api<ResidentRecordResponse>(
      event,
      'PATCH',
      apiPath(event.params.id),
      residentBody(values),
    );
    if (result.ok) redirect(303, `/coordinator/residents/${event.params.id}?saved=1`);
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { values, errors: summaryError(t(locale, 'error.generic')) });
    }
    const errors = formErrorsFromApi(
      remapApiFields(result.error, residentApiFields),
      locale,
      residentFields,
    );
    return fail(result.status, { values, errors });
  },

  merge: async (event) => {
    requireDesk(event);
    const data = await event.request.formData();
    const duplicateId = idField(data, 'duplicateId');
    if (!duplicateId || !checkboxField(data, 'confirmSame')) {
      return fail(400, {
        mergeFor: duplicateId,
        mergeError: t(event.locals.locale, 'reg.mergeConfirmRequired'),
      });
    }
    const result = await apiPost<MergeResidentResponse>(
      event,
      `/api/residents/${encodeURIComponent(event.params.id)}/merge`,
      { duplicateId },
    );
    if (result.ok) redirect(303, `/coordinator/residents/${event.params.id}?merged=1`);
    return actionFailed(event, result, { mergeFor: duplicateId });
  },
};
