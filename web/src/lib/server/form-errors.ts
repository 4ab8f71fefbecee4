// Relative, $-free imports only: the browser-less unit tests import this file directly.
import type { ErrorBody, Locale } from '@sasaeai/contracts';
import type { FormErrors } from '../forms.ts';

type ApiError = ErrorBody['error'];

/**
 * The form field an API error path points at: `body.email` → `email`,
 * `body.roles.0` → `roles`. Returns null for paths outside the body (query, params).
 */
export function fieldFromApiPath(path: string): string | null {
  const segments = path.split('.').filter((s) => s !== '');
  if (segments[0] !== 'body') return null;
  return segments[1] ?? null;
}

/**
 * Maps an API error onto a form: each `fields[]` entry whose body field is one of the form's
 * `fields` lands on that input (first message wins); the others, and an error without
 * fields, go to the form-level summary, in the page's language.
 * `rename` covers an input named differently from the API field.
 */
export function formErrorsFromApi<F extends string>(
  error: ApiError,
  locale: Locale,
  fields: readonly F[],
  rename: Partial<Record<string, F>> = {},
): FormErrors<F> {
  const result: FormErrors<F> = { summary: null, fields: {} };
  const unplaced: string[] = [];
  for (const entry of error.fields ?? []) {
    const apiField = fieldFromApiPath(entry.field);
    const field = apiField === null ? undefined : (rename[apiField] ?? apiField);
    const message = entry.message[locale];
    if (field !== undefined && (fields as readonly string[]).includes(field)) {
      const key = field as F;
      result.fields[key] ??= message;
    } else {
      unplaced.push(message);
    }
  }
  if (unplaced.length > 0) result.summary = unplaced.join(' ');
  else if (Object.keys(result.fields).length === 0) result.summary = error.message[locale];
  return result;
}

/** A text field of a submitted form ('' when absent or a file). */
export function textField(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.summary !== null || Object.values(errors.fields).some(Boolean);
}

/** Errors with only a form-level message. */
export function summaryError<F extends string>(summary: string): FormErrors<F> {
  return { summary, fields: {} };
}

/**
 * Points nested API field paths at flat form inputs, before `formErrorsFromApi`: with
 * `{ 'where.address': 'address' }`, `body.where.address` lands on the `address` input. The
 * longest listed prefix wins (`when.to` before `when`); unlisted paths stay as they are.
 */
export function remapApiFields(error: ApiError, map: Readonly<Record<string, string>>): ApiError {
  if (!error.fields) return error;
  return {
    ...error,
    fields: error.fields.map((entry) => {
      if (!entry.field.startsWith('body.')) return entry;
      const segments = entry.field.slice('body.'.length).split('.');
      for (let length = segments.length; length > 0; length -= 1) {
        const target = map[segments.slice(0, length).join('.')];
        if (target) return { ...entry, field: `body.${target}` };
      }
      return entry;
    }),
  };
}

/** A checkbox of a submitted form: ticked or not. */
export function checkboxField(data: FormData, name: string): boolean {
  const value = data.get(name);
  return typeof value === 'string' && value !== '' && value !== 'false';
}

/** Every ticked value of a checkbox group (strings only, duplicates removed, order kept). */
export function checkedValues(data: FormData, name: string): string[] {
  return [...new Set(data.getAll(name).filter((v): v is string => typeof v === 'string'))];
}
