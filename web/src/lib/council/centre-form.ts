/** The centre add / edit form's fields and what a page shows after it was sent (browser-safe). */
import type { FormErrors } from '$lib/forms';

export const centreFields = [
  'district',
  'name',
  'nameEn',
  'status',
  'openedOn',
  'closedOn',
  'phone',
  'hoursJa',
  'hoursEn',
] as const;
export type CentreField = (typeof centreFields)[number];
export type CentreValues = Record<CentreField, string>;

/**
 * The form's errors, the name of the centre just saved (after the redirect), and the values to show: what was sent
 * when the save failed, otherwise `defaults` (an empty form, or the centre being edited).
 */
export function centreFormState(
  form: object | null | undefined,
  defaults: CentreValues,
  saved: string | null,
) {
  return {
    errors: form && 'errors' in form ? (form.errors as FormErrors<string>) : undefined,
    saved: saved ?? undefined,
    values: form && 'values' in form && form.values ? (form.values as CentreValues) : defaults,
  };
}
