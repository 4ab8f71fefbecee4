import type { District, Me } from '@sasaeai/contracts';
import { apiGet, type ApiEvent } from './api.ts';
import { coordinatorScopes } from './guard.ts';

export interface DistrictChoice {
  code: string;
  name: string;
  nameEn: string;
}

/** Every district (public list), by name order of the API (codes). Empty if the API fails. */
export async function allDistricts(event: ApiEvent): Promise<DistrictChoice[]> {
  const result = await apiGet<{ districts: District[] }>(event, '/api/districts');
  return result.ok
    ? result.data.districts.map(({ code, name, nameEn }) => ({ code, name, nameEn }))
    : [];
}

/**
 * The districts a coordinator may choose between on their pages: their own, or every district
 * for a city-wide grant (district null).
 */
export async function coordinatedDistricts(event: ApiEvent, user: Me): Promise<DistrictChoice[]> {
  const scopes = coordinatorScopes(user);
  const all = await allDistricts(event);
  if (scopes.includes(null)) return all;
  const byCode = new Map(all.map((d) => [d.code, d]));
  return scopes
    .filter((code): code is string => code !== null)
    .map((code) => byCode.get(code) ?? { code, name: code, nameEn: code });
}

/** The district picked on the page (`?district=`), if it is one of the choices, else the first. */
export function pickDistrict(
  choices: readonly DistrictChoice[],
  wanted: string | null,
): DistrictChoice | null {
  return choices.find((d) => d.code === wanted) ?? choices[0] ?? null;
}
