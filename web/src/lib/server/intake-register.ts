/** The intake form's use of the resident register: search first, the chosen one, duplicates. */
import { error } from '@sveltejs/kit';
import type {
  DuplicateSuggestions,
  ResidentPage,
  ResidentRecordResponse,
  ResidentRow,
} from '@sasaeai/contracts';
import type { ProxyFormValues } from '$lib/request-form';
import { t } from '$lib/i18n';
import { apiGet, type ApiEvent } from './api.ts';
import { idField } from './guard.ts';

/** The register's answer to the intake's search box (first page), or why it was refused. */
export async function searchRegister(event: ApiEvent, q: string) {
  if (q.trim() === '') return { residents: null, searchError: null };
  const result = await apiGet<ResidentPage>(
    event,
    `/api/residents?${new URLSearchParams({ q: q.slice(0, 200) }).toString()}`,
  );
  if (result.ok) return { residents: result.data.residents, searchError: null };
  if (result.status === 400) {
    const locale = event.locals.locale;
    const entry = result.error.fields?.[0];
    return {
      residents: null,
      searchError: entry?.message[locale] ?? result.error.message[locale],
    };
  }
  error(result.status >= 500 ? 503 : result.status, {
    message: t(event.locals.locale, 'error.generic'),
  });
}

/** The resident chosen from the register (an id in the URL or the form), or null. */
export async function chosenResident(
  event: ApiEvent,
  id: string | null,
): Promise<ResidentRow | null> {
  if (!id) return null;
  const data = new FormData();
  data.set('id', id);
  if (!idField(data, 'id')) error(404, { message: t(event.locals.locale, 'error.notFound') });
  const result = await apiGet<ResidentRecordResponse>(
    event,
    `/api/residents/${encodeURIComponent(id)}`,
  );
  if (!result.ok || result.data.resident.mergedInto) {
    error(404, { message: t(event.locals.locale, 'error.notFound') });
  }
  const { resident } = result.data;
  return {
    id: resident.id,
    fullName: resident.fullName,
    fullNameKana: resident.fullNameKana,
    phone: resident.phone,
    address: resident.address,
    district: resident.district,
  };
}

/** Residents who may be the caller about to be registered as new. */
export async function duplicatesOfCaller(
  event: ApiEvent,
  caller: ProxyFormValues,
): Promise<DuplicateSuggestions['residents']> {
  const query = new URLSearchParams();
  if (caller.fullName) query.set('fullName', caller.fullName.slice(0, 80));
  if (caller.fullNameKana) query.set('fullNameKana', caller.fullNameKana.slice(0, 80));
  if (caller.phone) query.set('phone', caller.phone.slice(0, 40));
  if ([...query.keys()].length === 0) return [];
  const result = await apiGet<DuplicateSuggestions>(
    event,
    `/api/residents/duplicates?${query.toString()}`,
  );
  return result.ok ? result.data.residents : [];
}
